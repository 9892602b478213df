#!/usr/bin/env bash
# Installs what is missing, builds, ingests the bundled corpora into fresh
# databases under build/demo/, and prints real results: corpus statistics,
# the top collocations, and the top associates of a few English and Chinese
# terms.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh

cooc=build/cooc
demo=build/demo
rm -rf "$demo"
mkdir -p "$demo"

show() {
  echo
  echo "\$ cooc $*"
  "$cooc" "$@"
}

show ingest --db "$demo/en.db" corpora/en_austen_sample.txt
show ingest --db "$demo/zh.db" corpora/zh_luxun_sample.txt
show stats --db "$demo/en.db"

show collocations --db "$demo/en.db" --measure llr --top 10
show collocations --db "$demo/en.db" --measure npmi --min-count 10 --top 10
show assoc --db "$demo/en.db" darcy --top 8
show assoc --db "$demo/en.db" Elizabeth --measure logdice --top 8
show pair --db "$demo/en.db" lady catherine

show assoc --db "$demo/zh.db" 中国 --top 8
show assoc --db "$demo/zh.db" 文学 --measure llr --min-count 3 --top 8

# Chinese without function words (the built-in zh stopword list).
show ingest --db "$demo/zh_stop.db" --stopwords zh corpora/zh_luxun_sample.txt
show collocations --db "$demo/zh_stop.db" --measure npmi --min-count 8 --top 10
show collocations --db "$demo/zh_stop.db" --measure llr --min-count 8 --top 10
show assoc --db "$demo/zh_stop.db" 青年 --measure llr --min-count 3 --top 8
show assoc --db "$demo/zh_stop.db" 先生 --measure npmi --min-count 3 --top 8

# New words (issue 13): the sample's own words, found from its statistics,
# as a dictionary; counted again with it, the names join.
show discover --format table --top 10 corpora/zh_luxun_sample.txt
"$cooc" discover corpora/zh_luxun_sample.txt >"$demo/zh_words.txt"
show ingest --db "$demo/zh_words.db" --stopwords zh --dict "$demo/zh_words.txt" corpora/zh_luxun_sample.txt
show collocations --db "$demo/zh_words.db" --measure llr --min-count 8 --top 10

# Textual co-occurrence: each pair once per sentence.
show ingest --db "$demo/en_sentence.db" --unit sentence corpora/en_austen_sample.txt
show assoc --db "$demo/en_sentence.db" darcy --measure npmi --min-count 3 --top 8

# The same database from Python (build/python/cooc): many terms in one call,
# several measures, a DataFrame.
echo
echo "\$ python3 -c 'import cooc; ...'"
PYTHONPATH=build/python /usr/bin/python3 - "$demo/en.db" <<'PY'
import sys
import cooc
with cooc.Database(sys.argv[1]) as db:
    frame = db.assoc(["darcy", "elizabeth", "jane"], measure="llr", top=3,
                     measures=["pmi", "logdice"])
    print(frame.to_string(index=False))
    matrix, terms = db.matrix()
    print(f"matrix: {matrix.shape[0]} x {matrix.shape[1]}, {matrix.nnz} stored pairs")
PY
