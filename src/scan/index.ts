export { ScanInputSchema, type ScanInput } from './input.js';
export { createPostScanner, type PostScanner, type ScanCategory, type ScanResult } from './scan-post.js';
export { postSignals, type ScanSignal } from './signals.js';
export { attributeTarget, type ScanTarget } from './target.js';
export { scanLine, scanLines, type ScanLineError, type ScanLineResult } from './scan-lines.js';
