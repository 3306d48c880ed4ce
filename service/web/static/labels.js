/*
 * Date labels for the timeline page: a TIMEX3 value shown at its true granularity.
 *
 *   year "2022", month "April 2025", week "Week 17, 2025", day "Thu 17 Apr 2025",
 *   with the signal or modifier in front: "by 26 Apr", "before March 2024", "about 1996",
 *   "early April 2025"; vague references read "recently", "now", "in the future".
 *
 * Pure functions, no DOM: loaded by the page (window.TimelineLabels) and by tests (require()).
 * Dates are computed from the values themselves, in UTC, never from the browser's clock.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.TimelineLabels = api;
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  const MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const SEASONS = { SP: "spring", SU: "summer", FA: "autumn", WI: "winter" };
  const PARTS_OF_DAY = { MO: "morning", MI: "midday", AF: "afternoon", EV: "evening", NI: "night", DT: "daytime" };
  const VAGUE = { PAST_REF: "recently", PRESENT_REF: "now", FUTURE_REF: "in the future" };
  // Where a vague reference sits relative to the publication date.
  const VAGUE_SIDE = { PAST_REF: -1, PRESENT_REF: 0, FUTURE_REF: 1 };

  // Signal words worth showing: they change what the date means. "on", "in", "at", "for", "during" don't.
  const SIGNALS = new Set(["by", "before", "after", "since", "until", "till", "through", "from", "as of",
    "ahead of", "prior to", "no later than", "as soon as", "beginning", "starting", "around", "about",
    "within", "until at least", "not before"]);
  // TimeML modifiers shown as a word in front of the date, when no signal says it already.
  const MOD_WORDS = {
    BEFORE: "before", AFTER: "after", ON_OR_BEFORE: "by", ON_OR_AFTER: "from", APPROX: "about",
    LESS_THAN: "less than", MORE_THAN: "more than", EQUAL_OR_LESS: "at most", EQUAL_OR_MORE: "at least",
  };
  // Modifiers that pick a part of the period: "early April 2025", "mid-1996", "late 1970s".
  const POSITION_WORDS = { START: "early", MID: "mid-", END: "late" };

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function weekday(y, m, d) {
    return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  }

  function ordinal(n) {
    const tens = n % 100;
    if (tens >= 11 && tens <= 13) return n + "th";
    return n + ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] || "th");
  }

  /** "Thu 17 Apr 2025"; options drop the weekday or the year. */
  function dayText(y, m, d, options) {
    const opts = options || {};
    const parts = [];
    if (opts.weekday !== false) parts.push(weekday(y, m, d));
    parts.push(String(d), MONTHS_SHORT[m - 1]);
    if (opts.year !== false) parts.push(String(y));
    return parts.join(" ");
  }

  function parseDay(iso) {
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
    return match ? { y: +match[1], m: +match[2], d: +match[3] } : null;
  }

  /** "2025-04-17" as "Thu 17 Apr 2025" (a date-time keeps its own calendar day). */
  function formatDay(iso) {
    const day = parseDay(iso);
    return day ? dayText(day.y, day.m, day.d) : String(iso || "");
  }

  function shortRange(a, b) {
    // "11–12 Aug 1990", "30 Oct – 5 Nov 1989", "28 Dec 1998 – 3 Jan 1999"
    if (a.y !== b.y) return dayText(a.y, a.m, a.d, { weekday: false }) + " – " + dayText(b.y, b.m, b.d, { weekday: false });
    if (a.m !== b.m) return a.d + " " + MONTHS_SHORT[a.m - 1] + " – " + dayText(b.y, b.m, b.d, { weekday: false });
    return a.d + "–" + b.d + " " + MONTHS_SHORT[a.m - 1] + " " + a.y;
  }

  /**
   * The value alone, at its granularity: {text, kind} where kind names the granularity shown
   * ("day", "month", ..., "vague", "raw"). `compact` drops the weekday, and the year when it is
   * `sameYear` (used after a signal: "by 26 Apr").
   */
  function valueText(date, compact, sameYear) {
    const value = String(date.value || "");
    let m;
    if (Object.prototype.hasOwnProperty.call(VAGUE, value)) return { text: VAGUE[value], kind: "vague" };
    if ((m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value))) {
      let text = dayText(+m[1], +m[2], +m[3], compact ? { weekday: false, year: !sameYear } : {}) + ", " + m[4] + ":" + m[5];
      if (m[6]) text += m[6] === "Z" ? " UTC" : " UTC" + m[6].replace("-", "\u2212");
      return { text: text, kind: "time" };
    }
    if ((m = /^(\d{4})-(\d{2})-(\d{2})T(MO|MI|AF|EV|NI|DT)$/.exec(value))) {
      return { text: dayText(+m[1], +m[2], +m[3], compact ? { weekday: false, year: !sameYear } : {}) + ", " + PARTS_OF_DAY[m[4]], kind: "part_of_day" };
    }
    if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value))) {
      return { text: dayText(+m[1], +m[2], +m[3], compact ? { weekday: false, year: !sameYear } : {}), kind: "day" };
    }
    if ((m = /^(\d{4})-W(\d{2})-WE$/.exec(value))) {
      const iv = date.interval || {};
      const a = parseDay(iv.start);
      const b = parseDay(iv.end);
      return { text: a && b ? "weekend of " + shortRange(a, b) : "weekend of week " + +m[2] + ", " + m[1], kind: "weekend" };
    }
    if ((m = /^(\d{4})-W(\d{2})$/.exec(value))) return { text: "Week " + +m[2] + ", " + m[1], kind: "week" };
    if ((m = /^(\d{4})-(\d{2})$/.exec(value)) && +m[2] >= 1 && +m[2] <= 12) {
      return { text: MONTHS[+m[2] - 1] + " " + m[1], kind: "month" };
    }
    if ((m = /^(\d{4})-Q([1-4])$/.exec(value))) return { text: "Q" + m[2] + " " + m[1], kind: "quarter" };
    if ((m = /^(\d{4})-H([12])$/.exec(value))) {
      return { text: (m[2] === "1" ? "first" : "second") + " half of " + m[1], kind: "half" };
    }
    if ((m = /^(\d{4})-(SP|SU|FA|WI)$/.exec(value))) {
      const year = m[2] === "WI" ? m[1] + "\u2013" + String(+m[1] + 1).slice(-2) : m[1];
      return { text: SEASONS[m[2]] + " " + year, kind: "season" };
    }
    if (/^\d{4}$/.test(value)) return { text: value, kind: "year" };
    if (/^\d{3}$/.test(value)) return { text: value + "0s", kind: "decade" };
    if (/^\d{2}$/.test(value)) return { text: ordinal(+value + 1) + " century", kind: "century" };
    return { text: value || "undated", kind: "raw" };
  }

  /** The word shown in front of a date: the signal when it matters, else the modifier's word. */
  function prefixOf(date, signal) {
    const word = signal ? String(signal).toLowerCase() : "";
    if (SIGNALS.has(word)) return word;
    return MOD_WORDS[date.mod] || "";
  }

  /**
   * The label of an event's date: {text, kind, vague, prefix}.
   *   date: the event's `date` object of the API's answer
   *   options.signal: the signal word of the timex the date comes from (the answer's `timexes`)
   *   options.published: the publication date ("2025-04-17", or a date-time)
   */
  function dateLabel(date, options) {
    const opts = options || {};
    const published = parseDay(opts.published);
    const prefix = prefixOf(date, opts.signal);
    const value = String(date.value || "");
    const dayLike = /^\d{4}-\d{2}-\d{2}/.test(value);
    const sameYear = !!published && dayLike && +value.slice(0, 4) === published.y;
    const shown = valueText(date, !!prefix, sameYear);
    let text = shown.text;
    const position = POSITION_WORDS[date.mod];
    if (position && shown.kind !== "vague") {
      if (dayLike) {
        text = (date.mod === "MID" ? "midday" : position) + " on " + text;
      } else if (date.mod === "MID") {
        text = "mid-" + text;
      } else {
        text = position + " " + text;
      }
    }
    if (shown.kind === "vague" && prefix) {
      // "until now", "since recently" reads badly: keep the signal only where it does.
      if (value === "PRESENT_REF") text = prefix + " now";
    } else if (prefix) {
      text = prefix + " " + text;
    }
    return {
      text: text,
      kind: shown.kind,
      vague: !!date.vague || shown.kind === "vague",
      prefix: prefix,
    };
  }

  /**
   * Where the date lies relative to the publication date: -1 before, 0 around it, 1 after.
   * Vague references: "recently" before, "now" at, "in the future" after.
   */
  function sideOfPublication(date, published) {
    const value = String(date.value || "");
    if (Object.prototype.hasOwnProperty.call(VAGUE_SIDE, value)) return VAGUE_SIDE[value];
    const day = String(published || "").slice(0, 10);
    const iv = date.interval;
    if (!iv || !day) return 0;
    if (iv.start && iv.start > day) return 1;
    if (iv.end && iv.end < day) return -1;
    return 0;
  }

  /** The `datetime` attribute for a <time> element, when the value is one HTML accepts. */
  function machineDate(value) {
    const v = String(value || "");
    if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v) || /^\d{4}-W\d{2}$/.test(v)) return v;
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(v);
    return m ? m[1] + "T" + m[2] : "";
  }

  /** "2025-04-17" for a Date, in the browser's own calendar (used for the default publication date). */
  function isoDay(d) {
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  return {
    dateLabel: dateLabel,
    formatDay: formatDay,
    isoDay: isoDay,
    machineDate: machineDate,
    sideOfPublication: sideOfPublication,
    valueText: valueText,
  };
});
