"""What the parity scripts share: running cooc, reading its TSV output, and
judging a cooc value against a reference value.

A value matches when its relative difference from the reference is at most
the tolerance. Where the reference's own formula loses digits to
cancellation (NLTK's pmi as log2(a) - log2(b) near pmi = 0, sums of
O ln(O/E) near independence in NLTK's likelihood_ratio, SciPy's G2 and
scikit-learn's mutual_info_score), the reference itself can be further than
the tolerance from the true value. Such a value still matches if cooc is
within the tolerance of the exact value (mpmath, 50 digits, computed from
the same table) and the reference is within a bound on its own rounding
error of the exact value. Comparison counts those separately, so the
scripts print how often it happened.
"""

import math
import subprocess

import mpmath

EPS = 2.0 ** -52
TINY = 2.2250738585072014e-308  # The smallest normal double.


def run(args):
    """Runs a command and returns its standard output (raises on failure)."""
    return subprocess.run(args, check=True, stdout=subprocess.PIPE,
                          text=True).stdout


def read_columns(text):
    """Splits TSV output (header line first) into lists of fields."""
    return [line.split("\t") for line in text.split("\n")[1:] if line]


def read_record(text):
    """The first record of TSV output as a dict."""
    lines = text.split("\n")
    return dict(zip(lines[0].split("\t"), lines[1].split("\t")))


def relative_difference(a, b):
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def cells(o11, r1, c1, n):
    """The four cells, row marginals and column marginals of a table."""
    o = [o11, r1 - o11, c1 - o11, n - r1 - c1 + o11]
    rows = [r1, r1, n - r1, n - r1]
    cols = [c1, n - c1, c1, n - c1]
    return o, rows, cols


def exact(kind, o11, r1, c1, n):
    """The exact value of `kind` for the table, as a float, or None.

    kinds: pmi2 (log2), g2 (nats), tscore, poisson_stirling2 (NLTK's, log2),
    chi2, mi (nats).
    """
    mpmath.mp.dps = 50
    o11, r1, c1, n = (mpmath.mpf(v) for v in (o11, r1, c1, n))
    o, rows, cols = cells(o11, r1, c1, n)
    e = [rows[i] * cols[i] / n for i in range(4)]
    if kind == "pmi2":
        value = mpmath.log(o11 * n / (r1 * c1), 2)
    elif kind == "g2":
        value = 2 * sum(o[i] * mpmath.log(o[i] / e[i]) for i in range(4)
                        if o[i] > 0)
    elif kind == "mi":
        value = sum(o[i] / n * mpmath.log(o[i] / e[i]) for i in range(4)
                    if o[i] > 0)
    elif kind == "tscore":
        value = (o11 - e[0]) / mpmath.sqrt(o11)
    elif kind == "poisson_stirling2":
        value = o11 * (mpmath.log(o11 / e[0], 2) - 1)
    elif kind == "chi2":
        value = sum((o[i] - e[i]) ** 2 / e[i] for i in range(4))
    else:
        return None
    return float(value)


def rounding_bound(kind, o11, r1, c1, n):
    """A bound on the rounding error of the reference's naive formula."""
    o, rows, cols = cells(o11, r1, c1, n)
    e11 = r1 * c1 / n
    if kind == "pmi2":  # log2(a) - log2(b): each log off by ~1 ulp of it.
        return 8 * EPS * (abs(math.log2(o11 * n)) + abs(math.log2(r1 * c1)))
    if kind in ("g2", "mi"):
        # sum of O ln(O/E): each O/E is off by a few ulps, so each term by a
        # few ulps of O (plus of itself), and the sum by a few ulps of the
        # sum of their magnitudes. scikit-learn forms ln(O N/(R C)) as a sum
        # of logs of counts (terms of size ln N each) and zeroes cell terms
        # below EPS.
        total = 0.0
        for i in range(4):
            if o[i] > 0:
                ei = rows[i] * cols[i] / n
                total += o[i] * (abs(math.log(o[i] / ei)) + 1 +
                                 4 * abs(math.log(n)))
        scale = 2.0 if kind == "g2" else 1.0 / n
        return 16 * EPS * scale * total + (4 * EPS if kind == "mi" else 0.0)
    if kind == "tscore":  # O11 - E11: E11 is off by a few ulps.
        return 8 * EPS * (o11 + e11) / math.sqrt(o11)
    if kind == "poisson_stirling2":
        return 8 * EPS * o11 * (abs(math.log2(o11)) + abs(math.log2(e11)) + 1)
    return 0.0


class Comparison:
    """Compares cooc values with reference values, measure by measure."""

    def __init__(self):
        self.compared = 0
        self.mismatches = 0
        self.problems = []
        self.worst = {}        # measure -> max relative difference
        self.conditioned = {}  # measure -> values judged on the exact value
        self.worst_exact = {}  # measure -> max relative difference of cooc
        #                        from the exact value among those

    def check(self, measure, label, value, reference, tolerance,
              exact_kind=None, table=None):
        """Records one comparison; returns True if it matches.

        `exact_kind` names the exact value of parity_util.exact, or is a pair
        of functions (exact value, rounding bound of the reference) of the
        table; None: the reference must match within `tolerance`.
        """
        self.compared += 1
        self.worst.setdefault(measure, 0.0)
        self.conditioned.setdefault(measure, 0)
        self.worst_exact.setdefault(measure, 0.0)
        if value is None:
            return self.fail("%s %s: cooc has no value" % (measure, label))
        if abs(value) < TINY and abs(reference) < TINY:
            return True  # Both underflow (cooc reports 0 below TINY).
        diff = relative_difference(value, reference)
        self.worst[measure] = max(self.worst[measure], diff)
        if diff <= tolerance:
            return True
        if exact_kind is not None:
            if isinstance(exact_kind, str):
                truth = exact(exact_kind, *table)
                bound = rounding_bound(exact_kind, *table)
            else:
                truth = exact_kind[0](table)
                bound = exact_kind[1](table)
            if (truth is not None and
                    relative_difference(value, truth) <= tolerance and
                    abs(reference - truth) <= bound):
                self.conditioned[measure] += 1
                self.worst_exact[measure] = max(
                    self.worst_exact[measure],
                    relative_difference(value, truth))
                return True
        return self.fail("%s %s table %r: cooc %r, reference %r, relative "
                         "difference %.3g" % (measure, label, table, value,
                                              reference, diff))

    def fail(self, problem):
        self.mismatches += 1
        if len(self.problems) < 30:
            self.problems.append(problem)
        return False

    def report(self):
        """Prints the problems and one line per measure."""
        for problem in self.problems:
            print("MISMATCH", problem)
        for measure in self.worst:
            line = "  %-17s max relative difference %.3g" % (
                measure, self.worst[measure])
            if self.conditioned[measure]:
                line += ("; %d values where the reference is off by its own "
                         "rounding error: cooc within %.3g of the exact value"
                         % (self.conditioned[measure],
                            self.worst_exact[measure]))
            print(line)
