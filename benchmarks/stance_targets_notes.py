"""The prose of ``benchmarks/stance_targets.py``'s report that is not measured in its run: the previous
report's acceptance values (the "before" column) and the levers and retraining tried on held-out training
data in earlier passes, with their held-out numbers (kept here so that the benchmark's code stays short).
"""

# (column, target, value in the previous report: the fourth pass's run at BEFORE_COMMIT)
ACCEPTANCE = [
    ("devtest_mt_dev macro-F1", ">= 0.78", "0.711"),
    ("devtest_mt_dev contrast (labels)", ">= 0.65", "0.597 (149)"),
    ("devtest_rw_dev contrast (labels)", ">= 0.65", "0.438 (16)"),
    ("devtest_mt_dev contrast (scores)", ">= 0.65", "0.826 (149)"),
    ("vast_dev_joined", ">= 0.70", "0.671"),
    ("semeval2016_val F_avg", ">= 0.45", "0.432"),
    ("perspectrum_test", "within 0.02 of v1", "0.750 (v1 0.760)"),
    ("ibm_claim_stance_test", "within 0.02 of v1", "0.710 (v1 0.710)"),
    ("handeset_dev_passages", "reported", "0.508"),
    ("devtest_rw_dev macro-F1", "—", "0.770"),
    ("devtest_mt_dev (mentions by name)", "—", "0.637"),
    ("devtest_rw_dev (mentions by name)", "—", "0.709"),
]
BEFORE_COMMIT = "9d75737"
BEFORE_ECE = "devtest_mt_dev 0.066, devtest_rw_dev 0.047"


LEVERS = [
    "## Levers tried without retraining (each chosen on held-out TRAINING data, never on the rows above)",
    "",
    "Numbers in this table come from the selection runs on the held-out data named in each row, not "
    "from this run; the rows above measure the outcome (the acceptance table: before and after).",
    "",
    "| lever | held-out data that chose it | held-out result | shipped |",
    "|---|---|---|---|",
    '| claims are issues: a target with a modal or copula ("should", "is"; any case from four words '
    "on) or two lower-case non-linking words is never a name, even with an acronym or a country in it "
    "(`mentions.is_named`) | Perspectrum dev split + IBM claim stance val motions (the v1 validation rows, "
    "1,620 pairs), natural and joined (400 pairs); target names of NewsMTSC train must stay names | "
    "macro-F1 natural 0.752 → 0.777, joined 0.656 → 0.672; Perspectrum train/dev claims read as names "
    "97/680 → 3/680; NewsMTSC train names still names 2,805/2,819 (the 14 lost are long descriptive "
    "phrases) | yes |",
    "| issue reading: closest 0/1/2 sentences, + the whole unit as a window, strongest vs mean | the same "
    "v1 validation rows | all 10 variants within 0.005 of each other (natural 0.776-0.778, joined "
    "0.666-0.672) | kept then: 1 closest sentence, strongest (a tie) |",
    "| issue reading of units with 2+ sentences, the issue not named (fourth pass): the closest sentence "
    "and every other sentence about the issue (MiniLM cosine >= 0.35, `issue_relevant`), averaged | v1 "
    "validation rows only: IBM ArgQ val arguments of 2+ sentences (352, on-topic; the rows above are "
    "one-sentence claims, where the variants cannot differ); 800 units of one ArgQ val argument among 1-6 "
    "arguments on other topics; the natural and joined rows above must not fall | on-topic 0.848 → 0.880, "
    "mixtures 0.814 → 0.815, natural 0.779 → 0.779, joined 0.677 → 0.677. Rejected: closest + the whole "
    "unit, averaged: 0.898 on-topic but 0.746 on the mixtures (the whole unit dilutes a stance stated in "
    "one sentence; it was in the report at 33edff4) | yes |",
    "| joined units (vast_dev_joined): strongest vs mean over the issue network's windows | joined v1 "
    "validation rows (VAST has no train split in the shared data) | strongest 0.671, mean 0.670 | kept: "
    "strongest |",
    "| per-class logit biases on the mention-marked network (favor, against, none) | NewsMTSC train's "
    "held-out tenth (882 targets, 43 contrast pairs; gold mentions): 11×11 grid −1…1.5, objective "
    "(macro-F1 + strict label contrast) / 2, picked inside the best region | (0, 0, 0): macro-F1 0.767, "
    "strict contrast 0.558, ECE 0.024 → (−0.5, −0.25, 0): 0.770, 0.628, 0.035 | yes (`logit_bias` in "
    "config.json); the ablation row above reads without them | (seventh pass) none for the distilled "
    "network: see below |",
    '| a target written with a possessive, quotes or a party tag ("Donald Trump\'s", "Ted Cruz (R-Texas") '
    "is found as the bare name (`aliases.bare_name`; target proposal used the same rule for possessives) "
    "| NewsMTSC train's held-out tenth, mentions found by name (236 of 8,739 train targets carry such a "
    "suffix in the names built from NewsMTSC's ids) | macro-F1 0.684 → 0.696, targets not found 68 → 55 "
    '(the rest: pronouns, "the president") | yes |',
    '| handle and hashtag forms of a person\'s name ("HillaryClinton", "#Hillary", "@Hillary") | '
    "— (no tweet set outside dev; the forms cannot match ordinary prose) | NewsMTSC held-out tenth by "
    "name: 0.675 → 0.675 | yes |",
    '| a person\'s bare first name as an alias ("Hillary") | NewsMTSC held-out tenth, mentions by name '
    '| 0.675 → 0.681 (68 → 63 not mentioned) | no: "New York" would find every "New" |',
    "| int8 build whose labels do not depend on the batch (fourth pass): 8-bit weights in blocks of 32 "
    "with int8 arithmetic per token (`MatMulNBits`, accuracy level 4) instead of per-tensor dynamic "
    "quantisation; also tried: static QDQ (calibrated on 512 training rows; MinMax or percentile, all "
    "MatMuls or weight MatMuls only) and per-token symmetric dynamic quantisation | NewsMTSC held-out "
    "tenth (gold mentions; label changes counted on every 4th pair, alone vs in the batch) | macro-F1 / "
    "labels changed: fp32 0.769 / 0; dynamic (before) 0.770 / 3 of 221 (16 of 300 v1 validation rows); "
    "blocks of 32 0.771 / 0; static 0.746-0.759 / 0; per-token 0.771 / 0 but ONNX Runtime's fused kernel "
    "reads its per-token scales wrongly (0.541) unless graph fusion is off | yes: blocks of 32 (the "
    "*batch dependence* table below measures both builds in this run) |",
    "| a faster int8 build that stays batch-independent (fifth pass; the blocks-of-32 build was as slow as "
    "fp32 and put the seed analysis over 0.5 s in `benchmarks/speed.py`): int8 weights per output column "
    "and uint8 activations with one scale per token (zero point 128), `MatMulInteger`, written as plain "
    "ONNX ops (`onnx_runtime.quantize_int8`); also tried: blocks of 128 or 256 (15-20 % faster than 32), "
    "signed int8 activations (4× slower than fp32: no fast kernel), ONNX Runtime thread spinning, the "
    "topics and stance stages run concurrently (0.60 → 0.58 s: both cores are already busy) | NewsMTSC "
    "held-out tenth (gold mentions; every 4th pair alone vs in the batch); 800 v1 validation rows; the "
    "seed's 17 + 12 windows for speed (ms, two rounds) | macro-F1: fp32 0.769, blocks of 32 0.771, per "
    "token 0.774, 0 labels changed alone vs in the batch; v1 validation rows 0.850 / 0.847 / 0.845; "
    "seed windows v2 / v1 (ms): fp32 134-152 / 76-78, blocks of 32 130-159 / 65-75, per token 85-95 / "
    "52-64, per-tensor dynamic (batch-dependent) 69-83 / 36-40 | yes: per token (`stance-<sha12>-int8-"
    "q8tok.onnx`); the speed and batch-dependence tables below read all three int8 builds in this run |",
    "",
    "## Retraining tried in the second pass (2026-12-03): a fourth stage from the shipped weights",
    "",
    "Chosen on NewsMTSC train's held-out tenth only (882 targets, 202 in sentences with 2+ targets, 43 "
    "contrast pairs; gold mentions, torch fp32, each model's own temperature, the shipped logit biases). "
    "Dev was read once, for the chosen run only, after the choice. Neither run ships.",
    "",
    "| run (`statement-lens train-stance …`) | held-out macro-F1 | F1, 2+-target sentences | strict "
    "contrast | dev after the choice (mt F1 / mt contrast / rw F1; torch fp32) | seed test |",
    "|---|---|---|---|---|---|",
    "| shipped weights (same code) | 0.769 | 0.706 | 0.605 (26/43) | 0.712 / 0.611 / 0.770 | passes |",
    "| `--init <shipped> --lr 2e-5 --epochs 2 --replay 1500 --joined 3000 --roles 1000` | 0.753 | 0.705 "
    "| 0.651 (28/43) | not measured (not chosen) | passes |",
    "| the same with `--multi 2` (sentences with 2+ targets seen twice) — the better of the two by the "
    "training script's validation score | 0.749 | 0.715 | 0.651 (28/43) | 0.714 / 0.564 / 0.772 | "
    "fails (q3 toward Russia: none) |",
    "",
    "Further training from the shipped weights on NewsMTSC lost about 0.02 held-out macro-F1 and gained "
    "two of 43 contrast pairs (noise at this size); dev moved by 0.002 macro-F1. The held-out tenth of "
    "train tops out near 0.77 with this encoder in every run since the feasibility run of the issue "
    "(0.78 from MiniLM itself), about 0.05 above devtest_mt_dev: no all-MiniLM-L6-v2 run trained here "
    "on the shareable data has come near 0.78 on devtest_mt_dev.",
    "",
    "## Weight averages tried in the third pass (2026-12-03, evening): model soups of the runs above",
    "",
    "The three folders above share their initialisation (the fourth stage started from the shipped "
    'weights), so their tensors were averaged uniformly (a "model soup") and read with the same code on '
    "the same held-out tenth (config, temperature 1.12 and logit biases of the shipped folder). None beat "
    "the shipped weights, so none was read on dev and none ships.",
    "",
    "| average of | held-out macro-F1 | F1, 2+-target sentences | strict contrast |",
    "|---|---|---|---|",
    "| shipped (alone, for reference) | 0.769 | 0.706 | 0.605 (26/43) |",
    "| shipped + fourth stage | 0.764 | 0.708 | 0.628 (27/43) |",
    "| shipped + fourth stage `--multi 2` | 0.759 | 0.708 | 0.651 (28/43) |",
    "| shipped + both | 0.759 | 0.708 | 0.651 (28/43) |",
    "| both fourth stages | 0.749 | 0.707 | 0.628 (27/43) |",
    "",
    "Fourth pass (2026-12-03, night): the same runs' probabilities averaged at reading time (an "
    "ensemble, not a weight average), same held-out tenth, torch fp32, shipped biases: shipped + "
    "fourth stage 0.764, shipped + `--multi 2` 0.755, all three 0.754, the two fourth stages 0.748 "
    "(strict contrast 27-29 of 43); shipped alone 0.769. The runs share their start and err "
    "together; none ships.",
    "",
    "## A pairwise ranking loss tried in the fifth pass (2026-12-04; neither run ships)",
    "",
    "`train-stance --rank W` adds a hinge loss (margin 1) on logit(favor) - logit(against) over every two "
    "targets of one text with different gold labels (NewsMTSC, swapped and joined rows; batches keep a "
    "text's targets together). A fourth stage from the shipped weights with and without it (`--init "
    "<shipped> --lr 1e-5 --epochs 1 --replay 1500 --joined 1500 --roles 1000 --threads 1 --seed 1 --rank "
    "0|1`), read on NewsMTSC train's held-out tenth as above (torch fp32, shipped reading config and "
    "logit biases). Rank 1 is not clearly better than the shipped weights (-0.003 macro-F1, one more "
    "of 43 pairs), so dev was not read and neither ships.",
    "",
    "| run | held-out macro-F1 | F1, 2+-target sentences | strict contrast | contrast by scores |",
    "|---|---|---|---|---|",
    "| shipped weights (same code, same run) | 0.769 | 0.706 | 0.605 (26/43) | 0.837 (36/43) |",
    "| fourth stage, `--rank 0` | 0.754 | 0.696 | 0.605 (26/43) | 0.837 (36/43) |",
    "| fourth stage, `--rank 1` | 0.767 | 0.710 | 0.628 (27/43) | 0.884 (38/43) |",
    "",
    "## Sweeps on a lent GPU, sixth pass (2026-12-04; nothing ships)",
    "",
    "Twenty trainings on one H200 (`benchmarks/stance_sweep.py`; every run and table in "
    "`benchmarks/reports/stance_sweep.md`): eight teachers from v1's layers (seeds, lr 3e-5 to 8e-5, "
    "ranking loss, 2+-target sentences twice), four students distilled from the five best teachers' "
    "probabilities on the training rows and on 16,000 unlabelled target rows from CC0 / public-domain "
    "speeches (`train-stance --kd`), eight networks from all-MiniLM-L6-v2 itself. Validation macro-F1 "
    "0.738-0.778 for all; the eight teachers' ensemble 0.773. Read the product's way on the held-out "
    "tenth (`benchmarks/stance_heldout.py`, int8), none beats the shipped weights (0.774): "
    "-0.002 to -0.013, P(better) <= 0.41 in a paired bootstrap. The student and the NewsMTSC-only "
    "network read 2+-target sentences better (+0.039, +0.048; P 0.94, 0.91), not beyond noise. "
    "Dev was not read for any of them.",
    "",
    "## Seventh pass (2026-12-04, evening): eight students, a distilled network ships",
    "",
    "Eight seeds of the student recipe (`stance_sweep.py run --grid students` on a lent H200: the five "
    "teachers above retrained, their mean probabilities on the training rows and 16,000 unlabelled "
    "speech rows, students from v1's layers with `--kd 0.8`). Raw validation macro-F1 (no reading rule): "
    "all targets 0.758-0.777 (mean 0.766; the previous network 0.771), 2+-target sentences 0.745-0.778 "
    "(mean 0.759; previous 0.742). The two brought back (best overall, s8; best 2+-target of the rest, "
    "s2), read the product's way on the held-out tenth (int8, `stance_heldout.py --against <previous>`):",
    "",
    "| network, logit biases | held-out macro-F1 | 2+-target | strict contrast | vs previous (all) "
    "| vs previous (2+) |",
    "|---|---|---|---|---|---|",
    "| previous (marker_s1_e0), (-0.5, -0.25, 0) | 0.774 | 0.705 | 26/43 | — | — |",
    "| previous, none | 0.765 | 0.735 | 24/43 | not bootstrapped | |",
    "| student s8, previous biases | 0.765 | 0.754 | 27/43 | -0.009, P 0.21 | +0.048, P 0.98 |",
    "| student s2, previous biases | 0.765 | 0.748 | 28/43 | -0.009, P 0.20 | +0.043, P 0.96 |",
    "| **student s8, none (ships)** | 0.772 | 0.778 | 28/43 | -0.002, P 0.44 "
    "| +0.072 [+0.029, +0.117], P 1.0 |",
    "| student s2, none | 0.761 | 0.769 | 26/43 | -0.013, P 0.11 | +0.064, P 0.998 |",
    "",
    "Rule set before reading dev: ship if the held-out macro-F1 is within 0.005 of the previous network "
    "and the 2+-target gain has P >= 0.95, and the seed and probe tests pass. Student s8 without biases "
    "met it and ships (the biases were chosen for the previous network; none is the untuned default). "
    "**The held-out 2+-target gain did not carry to dev**: this run's rows above (and the paired bootstrap "
    "table) show devtest_mt_dev unchanged and devtest_rw_dev lower, within noise; calibration (ECE) "
    "improved. The held-out tenth has now served dozens of comparisons; its 202 targets of 2+-target "
    "sentences are too few to separate networks this close.",
    "",
    "Learning curve (`--grid curve`, same GPU session; NewsMTSC training rows only, from v1's layers, "
    "3 seeds each, raw validation macro-F1 on the held-out tenth): 25 % of the sentences 0.697, 50 % 0.745, "
    "75 % 0.760, 100 % 0.767 (2+-target: 0.660 / 0.741 / 0.755 / 0.758). Each further quarter adds less "
    "(+0.048, +0.015, +0.007): twice the data would add about 0.01 at this rate, so more NewsMTSC-like "
    "data alone would not lift this encoder to 0.78.",
    "",
]
