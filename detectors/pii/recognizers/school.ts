import { defineRecognizer } from '../recognizer.js';
import type { MatchFn } from '../recognizer.js';
import { cueMatcher, cueOptions } from './cue.js';

/** Where a person (often a minor) studies: …大学/中学 + 读书/学生/高二, studies at …. */
const NAME = '[\\u4e00-\\u9fa5]{2,14}?(?:大学|学院|中学|小学|高中|初中|附中|实验学校|学校|幼儿园)';

/**
 * A school's name holds no function word and no quantifier: "全体小学", "我们学校", "市里高中", "去学校的"
 * are a level or a kind of school, not which one (real Weibo chatter about teachers and reopening: bench/realistic
 * tune split, where such generic hits from three accounts reached a throttle).
 */
const GENERIC =
  /全体|所有|各[地个级类所]|每[个所]|[这那哪一某本][个所]|[我你他她]们|[的了是要和或都也就还去回到里上下把被让给对从在]|什么|哪些/;
const named =
  (match: MatchFn): MatchFn =>
  (text, input) =>
    match(text, input).filter((c) => !GENERIC.test(schoolPart(c.value)));
/** The part before the level word (大学, 中学 …) when there is one: what names the school. */
const schoolPart = (value: string): string =>
  value.replace(/(?:大学|学院|中学|小学|高中|初中|附中|实验学校|学校|幼儿园)$/, '');

export const school = defineRecognizer({
  name: 'school',
  category: 'school',
  description: 'school cues (…中学读书, studies at …)',
  options: cueOptions(0.7),
  context: ['学生', '同学', '班主任', '老师', '宿舍', 'student', 'classmate', 'campus'],
  gate: /大学|学院|中学|小学|高中|初中|学校|幼儿园|附中|stud|school|enrolled/i,
  compile: () =>
    named(
      cueMatcher(
        [
          { re: new RegExp(`(?:在|于|就读于|考上了?|毕业于)(${NAME})`, 'g'), confidence: 0.65 },
          {
            re: new RegExp(
              `(${NAME})的?(?:学生|研究生|博士生|本科生|老师|教授|高[一二三]|初[一二三]|大[一二三四]|[一二三四五六]年级)`,
              'g',
            ),
            confidence: 0.65,
          },
          {
            re: /(?:stud(?:ies|ying|ied)|enrolled|student|goes to school)[ \t]+(?:at|in)[ \t]+((?:the[ \t]+)?[A-Z][\w.'-]*(?:[ \t]+(?:of|[A-Z][\w.'-]*)){0,5})/g,
            confidence: 0.6,
          },
        ],
        /大学|学院|中学|小学|高中|初中|学校|幼儿园|附中|一中|二中|stud|school|enrolled/i,
      ),
    ),
});
