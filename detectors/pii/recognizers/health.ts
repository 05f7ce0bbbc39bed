import { defineRecognizer } from '../recognizer.js';
import { cueMatcher, cueOptions } from './cue.js';

/** Health and medical facts: diagnoses, conditions, records, treatment. Special-category data. */
const ZH =
  '(?:患有|患了|得了|确诊(?:为|了)?|诊断为|查出|被诊断)[\\u4e00-\\u9fa5A-Za-z]{1,10}|抑郁症|焦虑症|精神病|精神分裂|双相|艾滋病?|HIV|乙肝|梅毒|性病|癌症|肿瘤|白血病|怀孕|流产|堕胎|不孕|病历|病例单|诊断书|体检报告|化验单|住院|化疗|透析|整容|戒毒|残疾';
const EN =
  "\\b(?:diagnosed with [a-z' -]{2,30}|suffers? from [a-z' -]{2,30}|HIV|AIDS|cancer|tumou?r|leukemia|depression|bipolar|schizophrenia|pregnan(?:t|cy)|miscarriage|abortion|medical records?|psychiatric|rehab|chemotherapy|dialysis|STD)\\b";

export const health = defineRecognizer({
  name: 'health',
  category: 'health',
  description: 'health and medical facts (确诊…, diagnosed with …)',
  options: cueOptions(0.8),
  context: ['医院', '医生', '看病', '吃药', '治疗', '症状', 'hospital', 'doctor', 'treatment', 'symptoms', 'clinic'],
  gate: /患|得了|确诊|诊断|查出|抑郁|焦虑|精神|双相|艾滋|HIV|AIDS|乙肝|梅毒|性病|癌|肿瘤|白血病|怀孕|流产|堕胎|不孕|病历|病例|体检|化验|住院|化疗|透析|整容|戒毒|残疾|diagnos|suffer|cancer|tumo|leuk|depress|bipolar|schizo|pregnan|miscarr|abortion|medical|psychiatric|rehab|chemo|dialysis|STD/i,
  compile: () =>
    cueMatcher([
      { re: new RegExp(ZH, 'g'), confidence: 0.55 },
      { re: new RegExp(EN, 'gi'), confidence: 0.5 },
    ]),
});
