import { candidate, defineRecognizer, recognizerOptions, type Candidate } from '../recognizer.js';
import { maskMiddle } from '../redact.js';

/**
 * QQ numbers, WeChat ids, Douyin/Weibo ids and @handles. A handle named next
 * to its platform (微信: wxid_…) is strong. An @handle is a disclosure only
 * when it exposes someone's other account (她的小号是@…, 马甲 @…, his alt @…,
 * her finsta is @…): a bare @mention is how people talk on Weibo and Twitter
 * (回复@…, //@…: repost chains, @user in a reply) and never counts.
 */
const ALT_FRAME =
  /(?:小号|马甲|大号|另一个(?:号|账号)|其他账号|真实账号|本人账号|真号|[他她]的(?:微博|抖音|小红书|b站|账号|号)|\b(?:alt|alts|other account|real account|burner|finsta|main account|(?:his|her|their) (?:ig|insta|instagram|twitter|tiktok|account|handle)))[^@]{0,6}$/i;
const QQ = /(?<![A-Za-z0-9_])(?:QQ|qq|Qq|扣扣|企鹅号?|Q号)\s?(?:号码|号)?\s?(?:是|为|:|：)?\s?([1-9]\d{4,11})(?!\d)/g;
const WECHAT =
  /(?<![A-Za-z0-9_])(?:微信|威信|薇信|徽信|V信|v信|VX|vx|Vx|wx|WX|wechat|WeChat|weixin)\s?(?:号码|号|id|ID)?\s?(?:是|为|:|：)?\s?([A-Za-z][-_A-Za-z0-9]{5,19}|1[3-9]\d{9})(?![-_A-Za-z0-9])/g;
const PLATFORM_ID =
  /(?<![A-Za-z0-9_])(?:抖音号|快手号|小红书号|微博号|微博id|b站id|B站UID|uid|UID)\s?(?:是|为|:|：)?\s?([A-Za-z0-9][-_.A-Za-z0-9]{3,29})(?![-_.A-Za-z0-9])/g;
const AT = /(?<![\w@.])@([A-Za-z0-9_][A-Za-z0-9_.-]{1,29}|[\u4e00-\u9fa5A-Za-z0-9_-]{2,30})/g;

export const socialHandle = defineRecognizer({
  name: 'social_handle',
  category: 'social_handle',
  description: 'QQ numbers, WeChat ids, platform ids and @handles',
  options: recognizerOptions(0.4, {}),
  context: ['小号', '大号', '本人账号', '账号', '主页', 'handle', 'account', 'alt', 'profile', 'username'],
  gate: /@|[Qq][Qq]|Q号|扣扣|企鹅|微信|威信|薇信|徽信|[Vv]信|[Vv][Xx]|wx|WX|wechat|weixin|抖音号|快手号|小红书号|微博|[bB]站|uid|UID/i,
  compile: () => (text) => {
    const out: Candidate[] = [];
    QQ.lastIndex = 0;
    for (let m = QQ.exec(text); m !== null; m = QQ.exec(text))
      add(out, m.index, m.index + m[0].length, 'qq', m[1]!, 0.8);
    WECHAT.lastIndex = 0;
    for (let m = WECHAT.exec(text); m !== null; m = WECHAT.exec(text))
      add(out, m.index, m.index + m[0].length, 'wechat', m[1]!, 0.8);
    PLATFORM_ID.lastIndex = 0;
    for (let m = PLATFORM_ID.exec(text); m !== null; m = PLATFORM_ID.exec(text))
      add(out, m.index, m.index + m[0].length, 'id', m[1]!, 0.7);
    if (text.includes('@')) {
      AT.lastIndex = 0;
      for (let m = AT.exec(text); m !== null; m = AT.exec(text))
        if (ALT_FRAME.test(text.slice(Math.max(0, m.index - 24), m.index)))
          add(out, m.index, m.index + m[0].length, 'at', m[1]!, 0.6);
    }
    return out;
  },
});

/** A module function, not a per-call closure (tsx's keepNames wraps closures in __name on every call). */
function add(out: Candidate[], start: number, end: number, kind: string, id: string, confidence: number): void {
  out.push(candidate(start, end, `${kind}:${id.toLowerCase()}`, confidence, `${kind}:${maskMiddle(id, 2, 1)}`));
}
