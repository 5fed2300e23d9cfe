"""The recommended channel as a time line: its steps, each with a duration only where a cited
text gives one, and preservation first where a preservation channel is open.

A step is `{step, days, hours, source, uncertainty}`; `days` (or `hours`) is null unless the
source sets the period, and `uncertainty` says what the figure is (a legal time limit, a
minimum hold) or why there is none. The total is known only when every step's is.
"""

from __future__ import annotations

from typing import Any

UNKNOWN = "no cited study or official statistic gives a duration: unknown"


def _step(step: str, *, days: int | None = None, hours: int | None = None, source: str | None = None,
          uncertainty: str = UNKNOWN) -> dict[str, Any]:
    return {"step": step, "days": days, "hours": hours, "source": source, "uncertainty": uncertainty}


def _channel_steps(channel: dict[str, Any], urgent: bool, comity: bool) -> list[dict[str, Any]]:
    cid, family = channel["id"], channel["id"].split(":", 1)[0]
    if cid == "eu.eio":
        return [
            _step("the executing authority decides on recognition", days=30,
                  source="Directive 2014/41/EU Art 12(3)",
                  uncertainty="a legal time limit; extendable by up to 30 days (Art 12(5))"),
            _step("the executing authority carries out the measure", days=90,
                  source="Directive 2014/41/EU Art 12(4)",
                  uncertainty="a legal time limit; execution may be postponed (Art 12(6))"),
        ]
    if cid == "eu.e-evidence":
        if urgent and channel.get("emergency_hours"):
            return [_step("the addressee transmits the data (emergency case)", hours=channel["emergency_hours"],
                          source="Regulation (EU) 2023/1543 Art 10(4)", uncertainty="a legal time limit")]
        return [_step("the addressee transmits the data", days=channel["duration"]["days"],
                      source=channel["duration"]["source"], uncertainty="a legal time limit")]
    if cid == "us.2713-order":
        return [_step("the provider is served with the warrant, order or subpoena"),
                _step("the provider discloses, or moves to modify or quash", days=14 if comity else None,
                      source="18 U.S.C. 2703(h)(2)" if comity else None,
                      uncertainty=("the time limit for the comity motion, not for disclosure" if comity
                                   else UNKNOWN))]
    if family == "cloud-act-agreement":
        return [_step("the order is issued under the agreement and served directly on the provider"),
                _step("the provider answers")]
    if family in {"mlat", "eu-us-mla", "budapest.mla"}:
        return [_step("the request goes through the requesting state's central authority"),
                _step("the requested state's central authority reviews it and obtains the data under its own law"),
                _step("the evidence is returned through the central authorities")]
    if cid == "letters-rogatory":
        return [_step("the court issues the letter, sent through diplomatic channels"),
                _step("the requested state's court executes it under its own law"),
                _step("the evidence is returned")]
    if cid == "voluntary-disclosure":
        return [_step("the holder answers of its own accord")]
    return [_step(f"{cid}: the channel is used")]


def _obligation_steps(obligations: list[str]) -> list[dict[str, Any]]:
    named = {
        "cn.authority-approval": "the competent PRC authority approves the provision (PIPL 41, DSL 36, ICJA 4)",
        "ch.art271-authorisation": "authorisation under Swiss Criminal Code Art 271, or the mutual-assistance route",
        "fr.sisse-notification": "the holder informs the SISSE of the request (Law 68-678 Art 2, Decree 2022-207)",
    }
    return [_step(named[o]) for o in obligations if o in named]


def timeline(result: dict[str, Any], urgent: bool) -> dict[str, Any]:
    """The time line of a planned request's recommended channel (`result` is the planner's dict)."""
    by_id = {c["id"]: c for c in result["channels"]}
    chosen = by_id.get(result["recommended_channel"] or "")
    steps: list[dict[str, Any]] = []
    preserve = by_id.get(result["preserve_first"] or "")
    if preserve is not None and chosen is not None:
        # Budapest Art 29(7) sets a floor; e-Evidence Art 11(1) a ceiling unless production is confirmed.
        held = ("the longest the data is held unless a subsequent production request is confirmed; extendable by "
                "30 days (Regulation (EU) 2023/1543 Art 11(1))" if preserve["id"] == "eu.e-evidence.preservation"
                else "the minimum time the data is held, while the production request goes on")
        steps.append(_step("preserve the data first (expedited preservation)", days=preserve["duration"]["days"],
                           source=preserve["duration"]["source"], uncertainty=held))
    if chosen is not None:
        steps += _obligation_steps(result.get("obligations", []))
        comity = any("2703(h)(2)" in step for step in result["trace"])
        steps += _channel_steps(chosen, urgent, comity)
    sequential = [s for s in steps if not s["step"].startswith("preserve")]
    known = all(s["days"] is not None or s["hours"] is not None for s in sequential)
    total_days = sum(s["days"] or 0 for s in sequential)
    return {
        "channel": chosen["id"] if chosen else None,
        "steps": steps,
        "total": {"days": total_days if known and sequential else None,
                  "at_least_days": total_days,
                  "known": bool(known and sequential)},
    }
