/** The --help texts, one per command. */

export const TOP_HELP = `neurite — image classification and sentiment analysis with Neurite's shipped models

Usage:
  neurite classify <image…> [--json] [--explain <dir>]
  neurite sentiment <text…|-> [--json] [--explain]
  neurite train image|text --data <dir> [--epochs <n>] [--out <dir>] [-- <script options>]
  neurite demo [--json]

Commands:
  classify    cat or dog, with confidence, for JPEG/PNG files
  sentiment   negative / neutral / positive for each text (or each line of stdin with '-')
  train       train the image or text model on a data folder (Neurite's own training scripts)
  demo        classify 2 cat and 2 dog photos and analyse 4 sentences, with timings
  help        this text; 'neurite help <command>' or 'neurite <command> --help' for one command

Options:
  -h, --help     show help
  -v, --version  show the version
  --json         machine-readable output on stdout (every command)

Exit codes: 0 success, 1 bad input (missing file, corrupt image, failed training), 2 bad command line.
`;

export const COMMAND_HELP: Record<string, string> = {
  classify: `Usage: neurite classify <image…> [--json] [--explain <dir>]

Classifies each JPEG or PNG file as cat or dog with the model shipped in @neurite/image.

Options:
  --json            print a JSON array: {file, label, confidence, scores, ms} per file,
                    or {file, error: {name, code, message}} for a file that failed
  --explain <dir>   also write each image's saliency heat map to <dir>/<name>.saliency.png
  -h, --help        show this help

Exit code 1 if any file is missing or is not a readable image (the others are still classified).

Examples:
  neurite classify photo.jpg
  neurite classify --json images/*.jpg | jq '.[].label'
`,
  sentiment: `Usage: neurite sentiment <text…|-> [--json] [--explain]

Analyses each argument as one text (quote sentences), or each non-empty line of standard input
with '-', with the model shipped in @neurite/text: negative, neutral or positive.

Options:
  --json       print a JSON array: {text, label, confidence, scores, tokens, coverage, ms}
  --explain    add each word's contribution to the label (one extra model run per word)
  -h, --help   show this help

Examples:
  neurite sentiment "The crew was wonderful" "Two hours late again"
  cat reviews.txt | neurite sentiment - --json
`,
  train: `Usage: neurite train image|text --data <dir> [--epochs <n>] [--out <dir>] [-- <script options>]

Trains a model with the training script of @neurite/image (packages/image/scripts/train.ts) or
@neurite/text (packages/text/scripts/train.ts), in a child process whose output is shown as it
comes: per epoch a progress bar with batch, loss, accuracy and ETA. The scripts ship with the
Neurite source repository, not with the npm packages.

  image   --data <dir> holds train/{cat,dog}/*.jpg and val/{cat,dog}/*.jpg
  text    --data <dir> holds airline/, tweet_sentiment_extraction/ and rt_polarity_binary/,
          each with train.jsonl and val.jsonl ({"text", "label"} per line; test.jsonl too for
          -- --arch tutorial)

Options:
  --data <dir>     training data folder (default: the script's; image: <repo>/../shared/data/cats-dogs,
                   text: <repo>/../shared/data/sentiment)
  --epochs <n>     number of epochs (default: the script's)
  --out <dir>      where checkpoints are written (default: the script's, under /tmp)
  --json           print {"command", "exitCode", "ms"} as the last line when the script ends
  -h, --help       show this help
  -- <options>     passed to the script unchanged (e.g. -- --arch cnn-t --batch 64)
`,
  demo: `Usage: neurite demo [--json]

Classifies 2 cat and 2 dog photos from the cats-dogs test set and analyses 4 sample sentences,
printing label, confidence and time per item. The photos are looked up in $NEURITE_DATA (a folder
with cat/ and dog/ subfolders, or one holding test/cat and test/dog, or cats-dogs/test/…), then in
<repo>/../shared/data/cats-dogs/test. Without photos only the sentences are analysed.

Options:
  --json       print one JSON object {images, sentences}
  -h, --help   show this help
`,
};
