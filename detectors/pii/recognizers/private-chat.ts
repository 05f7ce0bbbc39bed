import { defineRecognizer } from '../recognizer.js';
import { cueMatcher, cueOptions } from './cue.js';

/** Leaked private conversations: 聊天记录, 私信截图, leaked DMs. */
export const privateChat = defineRecognizer({
  name: 'private_chat',
  category: 'private_chat',
  description: 'private chat screenshots and leaked conversations',
  options: cueOptions(0.7),
  context: ['截图', '曝光', '公开', '放出', '泄露', 'leaked', 'screenshot', 'exposed'],
  gate: /聊天|私信|私聊|截图|开房记录|通话记录|私密照|私房照|chat|message|dm|text|screenshot/i,
  compile: () =>
    cueMatcher([
      {
        re: /聊天记录|聊天截图|私信截图|私聊截图|微信截图|对话截图|聊天内容|私信内容|开房记录|通话记录|私密照|私房照/g,
        confidence: 0.7,
      },
      {
        re: /\b(?:chat logs?|private messages?|leaked (?:dms?|messages|chats?|texts)|(?:dm|text|chat|message) screenshots?|screenshots? of (?:the |our |their |his |her )?(?:chats?|conversations?|messages|texts|dms?))\b/gi,
        confidence: 0.65,
      },
    ]),
});
