import { isIP } from 'node:net';
import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';

/** IPv4 and IPv6 addresses (validated with node:net). Private ranges weigh less: they do not locate anyone. */
const V4 = /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.]?\d)/g;
const V6 = /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}(?::|[0-9A-Fa-f]{1,4})(?:(?::[0-9A-Fa-f]{1,4}){0,6})(?![\w:])/g;
const PRIVATE = /^(?:10\.|127\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|0\.)/;

export const ipAddress = defineRecognizer({
  name: 'ip_address',
  category: 'ip_address',
  description: 'IPv4 and IPv6 addresses',
  options: recognizerOptions(0.4, {}),
  context: ['ip', 'ip地址', '地址', 'address', 'login', '登录', 'server', 'host'],
  negativeContext: ['version', '版本', 'v.', 'build'],
  gate: /\d[.:]|:[0-9a-f]/i,
  compile: () => (text) => {
    const out: Candidate[] = [];
    if (text.includes('.')) {
      V4.lastIndex = 0;
      for (let m = V4.exec(text); m !== null; m = V4.exec(text)) {
        const ip = m[0];
        if (isIP(ip) !== 4) continue;
        out.push(candidate(m.index, m.index + ip.length, ip, PRIVATE.test(ip) ? 0.4 : 0.6, maskMiddle(ip, 3, 2)));
      }
    }
    if (text.includes(':')) {
      V6.lastIndex = 0;
      for (let m = V6.exec(text); m !== null; m = V6.exec(text)) {
        const ip = m[0];
        if (isIP(ip) !== 6 || !/[0-9a-f]{3}/i.test(ip)) continue;
        out.push(candidate(m.index, m.index + ip.length, ip.toLowerCase(), 0.6, maskMiddle(ip, 4, 2)));
      }
    }
    return out;
  },
});
