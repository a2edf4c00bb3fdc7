#!/usr/bin/env bash
# Fetches the human-rated sentences of Hutto & Gilbert (2014), "VADER: A Parsimonious Rule-based
# Model for Sentiment Analysis of Social Media Text" (ICWSM-14), for scripts/vader-ratings.ts:
# 5,190 New York Times editorial sentences, 3,708 Amazon product-review sentences, 4,200 tweets and
# 10,605 movie-review sentences, each with the mean of ≥ 20 raters on a −4..+4 scale. They ship
# inside the source distribution of the MIT-licensed `vaderSentiment` 3.3.2 on PyPI
# (additional_resources/hutto_ICWSM_2014.tar.gz). Training-time only: nothing of it ships.
#
#   bash scripts/fetch-vader-ratings.sh [cache dir, default ~/.cache/neurite/vader-ratings]
#
# Prints the folder holding the four *_GroundTruth.txt files.
set -euo pipefail
DIR=${1:-$HOME/.cache/neurite/vader-ratings}
SDIST=vaderSentiment-3.3.2.tar.gz
SHA256=5d7c06e027fc8b99238edb0d53d970cf97066ef97654009890b83703849632f9
OUT="$DIR/hutto_ICWSM_2014"
if [ ! -f "$OUT/nytEditorialSnippets_GroundTruth.txt" ]; then
  mkdir -p "$DIR"
  python3 -m pip download --quiet --no-deps --no-binary :all: --dest "$DIR" vaderSentiment==3.3.2 >&2
  echo "$SHA256  $DIR/$SDIST" | sha256sum --check --quiet >&2
  tar -xzf "$DIR/$SDIST" -C "$DIR" vaderSentiment-3.3.2/LICENSE.txt vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz
  tar -xzf "$DIR/vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz" -C "$DIR"
  cp "$DIR/vaderSentiment-3.3.2/LICENSE.txt" "$OUT/LICENSE-vaderSentiment.txt"
  rm -rf "$DIR/vaderSentiment-3.3.2" "$DIR/$SDIST"
fi
echo "$OUT"
