// Scan a page for text in another language than its own outside an element with a matching
// `lang`, and for left-to-right data (phones, card numbers, e-mails, measurements) that is not
// isolated (<bdi>, dir="ltr", an input) on a right-to-left page. What users wrote (names,
// titles, stories) is excepted: templates isolate it with <bdi> or dir="auto". Technical
// names that stay Latin in every language (currency codes, RIB, SKU, ISO, brands) are allowed.
// Returns a list of [problem, text, element].
(() => {
  const pageLang = document.documentElement.lang;
  const rtl = document.documentElement.dir === "rtl";
  const latin = /[A-Za-zÀ-ÿ]{3,}/;
  const arabic = /[\u0600-\u06FF]{2,}/;
  const ltrData = [
    /\+?\d[\d ]{7,}\d/,                       // phone numbers, card numbers
    /[\w.+-]+@[\w-]+\.[\w.]+/,                 // e-mail addresses
    /\d+([.,]\d+)?\s?(cm|mm|kg|g|m)\b/,        // measurements
  ];
  const problems = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // Text isolated with Unicode marks (LRI/FSI … PDI) is isolated data or a name.
    const text = node.data.replace(/[\u2066\u2067\u2068][^\u2069]*\u2069/g, "").trim();
    if (!text) continue;
    const el = node.parentElement;
    if (!el || el.closest("script,style,noscript,[hidden],svg,code,[translate=no]")) continue;
    if (el.closest("[aria-hidden=true]")) continue;
    const langEl = el.closest("[lang]");
    const lang = langEl ? langEl.getAttribute("lang") : pageLang;
    const userContent = el.closest("bdi,[dir=auto],[data-user-content]");
    const isolated = el.closest("bdi,[dir=ltr],input,textarea");
    if (!userContent) {
      if (lang === "ar" && latin.test(text.replace(/\b(MAD|EUR|USD|RIB|SKU|PDF|ISO|Souk|Stripe|3-D Secure|WhatsApp|SMS)\b/g, "")))
        problems.push(["latin in ar", text.slice(0, 60), el.tagName + "." + el.className]);
      if (lang !== "ar" && arabic.test(text))
        problems.push(["arabic in " + lang, text.slice(0, 60), el.tagName + "." + el.className]);
    }
    if (rtl && !isolated) {
      for (const re of ltrData) {
        if (re.test(text)) { problems.push(["ltr data", text.slice(0, 60), el.tagName + "." + el.className]); break; }
      }
    }
  }
  return problems;
})()
