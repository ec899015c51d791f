#!/usr/bin/env python3
"""Cross-check helper: run the PyPI package `mrz` (pinned in requirements.txt)
on MRZ documents sent by the Rust test suite.

Protocol: one JSON document on stdin, one JSON document on stdout.

  {"mode": "check", "documents": [{"id", "format", "lines"}]}
      -> {"results": [{"id", "valid", "fields", "report", ...}]}
  {"mode": "generate", "documents": [{"id", "format", "document_type", ...}]}
      -> {"results": [{"id", "lines"} | {"id", "error"}]}
  {"mode": "digits", "documents": [{"id", "field"}]}
      -> {"results": [{"id", "digit"}]}   (the package's check digit of any field,
         used for document numbers longer than its generator accepts)

Run it with the interpreter of a venv that has requirements.txt installed,
e.g. python3 -m venv /tmp/mrzvenv && /tmp/mrzvenv/bin/pip install -r
tests/mrz/requirements.txt, then /tmp/mrzvenv/bin/python crosscheck.py.

Behaviour of mrz 0.6.2, found by reading its source and trying it by hand.
The Rust side has to allow for these points when it compares results.

CHECK MODE (mrz.checker.tdN.TDNCodeChecker(lines joined by "\\n"))
---------------------------------------------------------------
* Default arguments: check_expiry=False and compute_warnings=False, so
  warnings (for example "only one identifier", "possible truncating", or a
  honorific found in the name) do NOT make `valid` false.
* Precheck: the package checks only the TOTAL length (TD1 92, TD2 73, TD3 89
  including the "\\n" separators). It also checks that the text is
  upper-case and uses only A-Z 0-9 < and "\\n". If this fails the package
  raises an exception, and the script outputs valid=false, fields=null,
  report=["exception: ..."] and "error". The package does NOT check the
  number or length of each line: 29+31+30 characters passes the precheck and
  is then sliced at the wrong offsets. This script passes such input on
  unchanged and sets "line_lengths_ok": false so the Rust side can tell.
* `valid` is the package's own verdict (checker.result): the AND of every
  check below. The package has no option to turn off any of them.
    - check digits. TD1 and TD2: document number, birth date, expiry date and
      the composite ("final hash"). TD3: the same plus the optional data
      (personal number) check digit. So ALL ICAO check digits are covered.
      In TD3 the optional data check digit may be "<" when the optional data
      is all "<" (or "0", which is the computed value).
      A check-digit character "<" is compared with the computed digit, so it
      fails everywhere else (see overflow below).
    - document type: TD1/TD2 first character I, A or C (second character not
      "V", not "AC"); TD3 "P..." or "DP".
    - country and nationality: "<" is removed and the code must be in the
      package's ICAO list. "UTO", "D" (from "D<<") and "TUR" are accepted; an
      unknown code such as "ZZZ" makes valid=false ("false valid country
      code"). The checker has no switch to turn this off. Look at the
      "checks" entry to tell country failures from check-digit failures.
    - birth and expiry dates must be real YYMMDD dates, and expiry must be
      after birth. Python's %y pivot is used for expiry (00-68 -> 20xx,
      69-99 -> 19xx). Birth is moved back 100 years if it would be in the
      future (this depends on today's date).
    - sex: ONLY "M", "F" and "<" are accepted. "X" IS REJECTED ("false valid
      genre format" -> valid=false), although ICAO 9303 allows it.
    - name (identifier): see below. It must not contain digits.
    - document number must not start with "<". Optional data only has to use
      the MRZ character set.
* Field values (from checker.fields(); the package's key names are changed):
    document_type  first 2 characters with trailing "<" removed: "P", "I", "AC".
    country / nationality  3 characters with trailing "<" removed: "D<<" -> "D".
    document_number  ALWAYS the fixed 9-character field (TD1 line 1 [5:14],
                   TD2/TD3 line 2 [0:9]) with "<" removed at BOTH ends
                   (str.strip("<")); "<" inside it is kept. No zero filling.
    birth_date / expiry_date  raw YYMMDD as printed.
    sex            raw single character ("F", "M", "<", or e.g. "X").
    surname / given_names  the package's "surname" / "name". The name field
                   has trailing "<" removed and is split on "<<".
                   Each "<" left in a part becomes a SPACE:
                   "ERIKSSON<<ANNA<MARIA<<<" -> "ERIKSSON", "ANNA MARIA".
                   One part only ("ERIKSSON<<<<") -> given_names "" (warning).
                   Three or more parts ("A<<B<<C") or an empty part
                   ("<<ANNA", "A<<<<B") -> error. BOTH names then come back
                   as the literal string "None" (a bug in the package).
                   "A<<<B" splits as "A" and "<B" -> given_names " B" with an
                   error ("some identifier begin by '<'").
    optional_data  TD1: line 1 [15:30]; TD2: line 2 [28:35]; TD3: line 2
                   [28:42]. "<" removed at BOTH ends (strip), inner "<" kept.
    optional_data_2  TD1 only: line 2 [18:29], stripped the same way;
                   null for TD2/TD3.
* Long document number (TD1/TD2 overflow: the number field holds the first
  9 characters, its check digit is "<", and the optional data holds the
  rest + the check digit of the whole number): NOT SUPPORTED. The package
  reports document_number = the first 9 characters only, and optional_data
  = "<rest><check digit>" (number "D23145890123" -> document_number
  "D23145890", optional_data "1233"). Valid is FALSE because the "<" in
  the check-digit position fails "document number hash". The composite check
  digit is still checked correctly over the raw characters. So on overflow
  documents the Rust side should expect valid=false with only
  "document number hash" failing, and should compare the first 9 characters
  of the number.
* report: the package's errors (each failing check as "false <name>", plus
  error messages such as "more than two identifiers"), then its warnings
  with a "warning: " prefix. The script also adds these keys:
    "checks": {check name: bool} for every check the package ran (check
              digits: "document number hash", "birth date hash",
              "expiry date hash", "final hash", and in TD3 "optional data
              hash"),
    "check_digits_valid": AND of the check-digit entries only,
    "line_lengths_ok": the number of lines and each line's length are right.

GENERATE MODE (mrz.generator.tdN.TDNCodeGenerator)
-------------------------------------------------
* force=True is always passed. This is the package's only switch, and it
  turns off BOTH the country/nationality list check AND the document type
  check. After that, country, nationality and document type only have to be
  at most 3 (or 2) letters or digits, padded with "<" (so for example
  document type "V" in a TD3 is accepted). Without force,
  "UTO" and "D" are in the package's list and would pass, and "TUR" would
  too, but "D<<" would be refused (CountryError). With force, "D<<" is
  refused too ("<" is not allowed). So this script removes trailing "<" from
  country and nationality before passing them (this is the ONLY change the
  script makes to the input).
* Names: the generator transliterates (latin_based table: "Ü"->"UE",
  "Ö"->"OE", "Ä"->"AE", "Å"->"AA", "Ş"->"S", "ß"->"SS", "Ñ"->"N"; an
  apostrophe is removed), upper-cases, and turns every space and "-" into
  "<" (one "<" for each space, so double spaces give "<<"). "<" passed in
  is kept as it is. Name field = surname + "<<" + given_names, padded with
  "<". If the name is too long (over 30/31/39) the generator REFUSES
  (LengthError); it does NOT truncate. Any other character (".", ",", ...)
  is refused (FieldError).
* Padding: every field is padded on the right with "<". Input may be lower
  case (it is upper-cased).
* Document number: letters and digits only ("<" is refused), at most 9
  characters. LONGER NUMBERS ARE REFUSED (LengthError): the overflow rule
  is not supported.
* Sex: "M", "F", "<" (also "", "m", "f"). "X" IS OUTPUT AS "<".
* Dates must be real YYMMDD dates. Birth/expiry order is not checked.
* Optional data: transliterated like names (spaces -> "<"), letters, digits
  and "<", padded; at most 15 (TD1 line 1), 7 (TD2), 14 (TD3). The TD1
  line-2 optional field (11) is taken from the input's "optional_data_2"
  when present, and is empty otherwise. TD3 optional data check digit: the
  generator writes the computed digit, "0", for empty optional data (never
  "<").
"""

import json
import sys

from mrz.checker.td1 import TD1CodeChecker
from mrz.checker.td2 import TD2CodeChecker
from mrz.checker.td3 import TD3CodeChecker
from mrz.generator.td1 import TD1CodeGenerator
from mrz.generator.td2 import TD2CodeGenerator
from mrz.generator.td3 import TD3CodeGenerator
from mrz.base.functions import hash_string

CHECKERS = {"TD1": TD1CodeChecker, "TD2": TD2CodeChecker, "TD3": TD3CodeChecker}
GENERATORS = {"TD1": TD1CodeGenerator, "TD2": TD2CodeGenerator, "TD3": TD3CodeGenerator}
# (number of lines, characters per line)
SHAPES = {"TD1": (3, 30), "TD2": (2, 36), "TD3": (2, 44)}
HASH_CHECKS = ("document number hash", "birth date hash", "expiry date hash",
               "optional data hash", "final hash")


def describe(exc):
    return "%s: %s" % (type(exc).__name__, exc)


def check_one(doc):
    out = {"id": doc.get("id")}
    fmt = doc.get("format")
    lines = doc.get("lines") or []
    if fmt not in CHECKERS:
        out.update(valid=False, fields=None, report=["exception: unknown format %r" % fmt],
                   error="unknown format %r" % fmt)
        return out
    count, width = SHAPES[fmt]
    out["line_lengths_ok"] = len(lines) == count and all(len(l) == width for l in lines)
    try:
        checker = CHECKERS[fmt]("\n".join(lines))
        f = checker.fields()
    except Exception as exc:  # the package refused the input outright
        out.update(valid=False, fields=None, report=["exception: " + describe(exc)],
                   error=describe(exc))
        return out
    out["valid"] = bool(checker.result)
    out["fields"] = {
        "document_type": f.document_type,
        "country": f.country,
        "document_number": f.document_number,
        "birth_date": f.birth_date,
        "expiry_date": f.expiry_date,
        "nationality": f.nationality,
        "sex": f.sex,
        "surname": f.surname,
        "given_names": f.name,
        "optional_data": f.optional_data,
        "optional_data_2": getattr(f, "optional_data_2", None) if fmt == "TD1" else None,
    }
    rep = checker.report
    out["report"] = list(rep.errors) + ["warning: " + w for w in rep.warnings]
    checks = {}
    for name, ok in rep.fields:
        checks[name] = bool(ok)
    out["checks"] = checks
    out["check_digits_valid"] = all(v for k, v in checks.items() if k in HASH_CHECKS)
    return out


def text(doc, key):
    value = doc.get(key)
    return "" if value is None else str(value)


def generate_one(doc):
    out = {"id": doc.get("id")}
    fmt = doc.get("format")
    if fmt not in GENERATORS:
        out["error"] = "unknown format %r" % fmt
        return out
    kwargs = dict(
        document_type=text(doc, "document_type"),
        country_code=text(doc, "country").rstrip("<"),
        document_number=text(doc, "document_number"),
        birth_date=text(doc, "birth_date"),
        sex=text(doc, "sex"),
        expiry_date=text(doc, "expiry_date"),
        nationality=text(doc, "nationality").rstrip("<"),
        surname=text(doc, "surname"),
        given_names=text(doc, "given_names"),
        force=True,
    )
    if fmt == "TD1":
        kwargs["optional_data1"] = text(doc, "optional_data")
        kwargs["optional_data2"] = text(doc, "optional_data_2")
    else:
        kwargs["optional_data"] = text(doc, "optional_data")
    try:
        # str() builds the lines; the name length check only runs at that point.
        code = str(GENERATORS[fmt](**kwargs))
    except Exception as exc:  # the generator refused
        out["error"] = describe(exc)
        return out
    out["lines"] = code.split("\n")
    return out


def digit_one(doc):
    return {"id": doc.get("id"), "digit": hash_string(doc.get("field", ""))}


def main():
    try:
        request = json.load(sys.stdin)
    except ValueError as exc:
        json.dump({"error": "bad JSON on stdin: %s" % exc}, sys.stdout)
        sys.stdout.write("\n")
        return 2
    mode = request.get("mode") if isinstance(request, dict) else None
    handler = {"check": check_one, "generate": generate_one, "digits": digit_one}.get(mode)
    if handler is None:
        json.dump({"error": "unknown mode %r" % (mode,)}, sys.stdout)
        sys.stdout.write("\n")
        return 2
    results = [handler(doc) for doc in request.get("documents") or []]
    json.dump({"results": results}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
