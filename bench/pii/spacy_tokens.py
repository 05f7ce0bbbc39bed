"""Optional cross-check for bench/pii: real spaCy tokens for the synthetic set.

presidio-research tokenizes every sample with spaCy before scoring; bench/pii/spacy-tokenize.ts approximates
that tokenizer in TypeScript. This writes spaCy's own tokens (start offsets and texts) so that
`npx tsx bench/pii/run.ts --tokens FILE` can score with them instead and show the difference.

Usage (spaCy 3 in any Python environment; the blank English pipeline has the same tokenizer as en_core_web_sm):
  pip install spacy && python bench/pii/spacy_tokens.py ../shared/data/pii/synth_dataset_v2.json /tmp/spacy-tokens.json
"""

import json
import sys

import spacy

nlp = spacy.blank("en")
samples = json.load(open(sys.argv[1], encoding="utf-8"))
out = [[[t.idx, t.text] for t in nlp(s["full_text"])] for s in samples]
json.dump({"spacy": spacy.__version__, "tokens": out}, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
