// End-to-end test of tidtam's pages in headless Chromium (Debian's package),
// driven by playwright-core, with axe-core's accessibility rules.
//
//   TIDTAM_URL=http://127.0.0.1:18100 node e2e.mjs
//
// Runs against a live `tidtam serve --demo` (demo password below). Screenshots of
// every main page go to ../../../target/e2e/ (the repository's target folder),
// downloads too. Exits non-zero on the first failed expectation.
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const base = process.env.TIDTAM_URL ?? "http://127.0.0.1:18100";
const out = process.env.TIDTAM_E2E_OUT ?? join(here, "..", "..", "..", "target", "e2e");
const password = "tidtam-demo-2567";
mkdirSync(out, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});

let failures = 0;
function expect(condition, what) {
  if (!condition) {
    failures++;
    console.error(`FAIL: ${what}`);
  } else {
    console.log(`ok: ${what}`);
  }
}

async function shot(page, name) {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
}

async function signIn(context, username) {
  const page = await context.newPage();
  await page.goto(`${base}/login?next=/dashboard`);
  await page.fill("#username", username);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(/\/dashboard/), page.click("button[type=submit]")]);
  return page;
}

async function signOut(page) {
  await Promise.all([page.waitForURL(/\/login/), page.click("form[action='/logout'] button")]);
}

/// The serious and critical axe-core violations of the current page.
async function axe(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of bad) console.error(`  axe ${name}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad.length === 0, `axe-core: no serious or critical violation on ${name}`);
}

try {
  // The CSP forbids inline scripts; axe is injected through the DevTools protocol, which bypasses it only for this context.
  const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true, viewport: { width: 1280, height: 900 } });

  // 1. Sign in through the HTML form as a project owner.
  const login = await context.newPage();
  await login.goto(`${base}/login`);
  await shot(login, "01-login");
  await axe(login, "/login");
  await login.close();
  let page = await signIn(context, "owner1");
  expect((await page.title()).includes("ภาพรวม"), "signed in and on the Thai dashboard");
  await shot(page, "02-dashboard");
  await axe(page, "/dashboard");

  // 2. Follow a figure of the dashboard to the projects behind it.
  const groupLink = page.locator("table tbody th a").first();
  const expected = Number((await page.locator("table tbody td.num a").first().innerText()).replace(/[^0-9]/g, ""));
  await Promise.all([page.waitForURL(/\/projects\?/), groupLink.click()]);
  const found = Number((await page.locator("#result-count").innerText()).replace(/[^0-9]/g, ""));
  expect(found === expected && found > 0, `the dashboard's figure (${expected}) leads to that many projects (${found})`);
  await shot(page, "03-projects");
  await axe(page, "/projects");

  // 3. A project page.
  await Promise.all([page.waitForURL(/\/projects\/\d+$/), page.locator("table tbody td a").first().click()]);
  await shot(page, "04-project");
  await axe(page, "/projects/{id}");

  // 4. A quarter nobody has reported yet: fill in, see the checker's error as we type, fix it, submit.
  await page.goto(`${base}/late?fy=2568&q=4`);
  await shot(page, "05-late");
  const lateLink = page.locator("ul.late a").first();
  expect((await lateLink.count()) > 0, "the late list names at least one project of owner1");
  const reportUrl = new URL(await lateLink.getAttribute("href"), base).toString();
  await page.goto(reportUrl);
  // A new quarter starts from the previous quarter's figures: push the disbursement past the allocation.
  const errors = () => page.locator("#live-findings .finding.error").count();
  await page.fill("#progress", "40");
  await page.waitForTimeout(1500);
  const baseline = await errors();
  const allocated = await page.inputValue("#allocated");
  const disbursed = await page.inputValue("#disbursed");
  if (!allocated) await page.fill("#allocated", "1,000,000");
  await page.fill("#disbursed", "999,999,999");
  await page.waitForFunction((n) => document.querySelectorAll("#live-findings .finding.error").length > n, baseline, { timeout: 10000 });
  const liveText = await page.locator("#live-findings").innerText();
  expect(liveText.includes("disbursed-exceeds-allocated"), "the checker's error about disbursed > allocated shows while typing");
  expect((await page.locator("#disbursed-words").innerText()).includes("เก้าร้อยเก้าสิบเก้าล้าน"), "the amount is written in Thai words as typed");
  await shot(page, "06-report-error");
  await page.fill("#disbursed", disbursed);
  await page.waitForFunction(() => !document.querySelector("#live-findings")?.innerText.includes("disbursed-exceeds-allocated"), null, { timeout: 10000 });
  expect((await errors()) <= baseline, "the error disappears once the amount is fixed");
  await axe(page, "/projects/{id}/reports/{fy}/{q}");
  await Promise.all([page.waitForURL(/done=submit/), page.click("button[value=submit]")]);
  expect((await page.locator("#report-status").innerText()).includes("ส่งแล้ว"), "the report is submitted");
  await shot(page, "07-report-submitted");
  await signOut(page);

  // 5. The planner returns it with a comment; the owner resubmits; the planner approves.
  page = await signIn(context, "planner");
  await page.goto(`${base}/reviews`);
  await shot(page, "08-reviews");
  await axe(page, "/reviews");
  await page.goto(reportUrl);
  await page.fill("#comment", "กรุณาระบุผลการดำเนินงานของไตรมาสให้ครบ");
  await Promise.all([page.waitForURL(/done=return/), page.click("button[value=return]")]);
  expect((await page.locator("#report-status").innerText()).includes("ส่งกลับ"), "the planner returned the report");
  await signOut(page);
  page = await signIn(context, "owner1");
  await page.goto(reportUrl);
  expect((await page.locator(".notice").first().innerText()).includes("กรุณาระบุ"), "the owner sees the reviewer's comment");
  await page.fill("#summary", "ดำเนินการจัดซื้อจัดจ้างแล้วเสร็จ และลงนามในสัญญาแล้ว");
  await Promise.all([page.waitForURL(/done=submit/), page.click("button[value=submit]")]);
  await signOut(page);
  page = await signIn(context, "planner");
  await page.goto(reportUrl);
  await Promise.all([page.waitForURL(/done=approve/), page.click("button[value=approve]")]);
  expect((await page.locator("#report-status").innerText()).includes("อนุมัติ"), "the planner approved the report");
  expect((await page.locator("#allocated").isDisabled()), "an approved report is read-only");
  await shot(page, "09-report-approved");

  // 6. Exports: each downloads with its type.
  const exports = [
    [reportUrl + ".docx", "report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    [`${base}/exports/portfolio.xlsx?fy=2568`, "portfolio.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    [`${base}/exports/portfolio.docx?fy=2568&q=4`, "portfolio.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    [reportUrl.replace(/\/reports\/.*/, ".pdf"), "project.pdf", "application/pdf"],
    [`${base}/dashboard.pdf?fy=2568&q=4`, "dashboard.pdf", "application/pdf"],
  ];
  for (const [url, name, type] of exports) {
    const response = await page.request.get(url);
    const body = await response.body();
    expect(response.status() === 200 && response.headers()["content-type"].startsWith(type) && body.length > 1000,
      `export ${name}: ${response.status()} ${response.headers()["content-type"]} ${body.length} bytes`);
    writeFileSync(join(out, name), body);
  }

  // 7. Upload the exported DOCX on the import page: preview with findings, then store.
  await page.goto(`${base}/import`);
  await shot(page, "10-import");
  await axe(page, "/import");
  await page.setInputFiles("#file", join(out, "report.docx"));
  await Promise.all([page.waitForURL(/\/import$/), page.click("#upload button[type=submit]")]);
  expect((await page.locator("section.preview").count()) >= 1, "the uploaded DOCX is read and previewed");
  await shot(page, "11-import-preview");
  await Promise.all([page.waitForURL(/\/import\/confirm$/), page.click("#confirm button[type=submit]")]);
  expect((await page.locator("#import-result li").count()) >= 1, "the import result lists the stored report");

  // 8. Search in Thai, with the matched words highlighted.
  await page.goto(`${base}/search?q=${encodeURIComponent("สำรวจ")}`);
  expect((await page.locator("ol.results li").count()) > 0, "Thai search finds projects");
  expect((await page.locator("ol.results mark").count()) > 0, "matched words are highlighted");
  await shot(page, "12-search");
  await axe(page, "/search");

  // 9. The other main pages, as the administrator.
  await signOut(page);
  page = await signIn(context, "admin");
  for (const [path, name] of [["/provinces?fy=2568", "13-provinces"], ["/audit", "14-audit"], ["/admin/users", "15-admin-users"], ["/admin/targets", "16-admin-targets"]]) {
    const response = await page.goto(base + path);
    expect(response.status() === 200, `${path} answers 200`);
    await shot(page, name);
    await axe(page, path);
  }

  // 10. Switch to English.
  await page.goto(`${base}/dashboard`);
  await Promise.all([page.waitForURL(/\/dashboard/), page.click("a[lang=en]")]);
  expect((await page.getAttribute("html", "lang")) === "en" && (await page.title()).includes("Portfolio"), "the English switch works");
  await shot(page, "17-dashboard-en");

  // 11. Organisation performance: the officer enters a round's result and evidence and sees the score,
  //     the planner locks the round, the indicator report downloads as DOCX; the PMQA page shows 256.43.
  await signOut(page);
  page = await signIn(context, "owner1");
  await page.goto(`${base}/prefs?lang=th&next=/kpi?fy=2568`);
  await page.waitForURL(/\/kpi/);
  expect((await page.locator("#scorecard tbody tr").count()) === 8, "the scorecard lists the agreement's 8 indicators");
  await shot(page, "18-kpi-scorecard");
  await axe(page, "/kpi");
  const link = page.locator("#scorecard a", { hasText: "2.1" }).first();
  await Promise.all([page.waitForURL(/\/kpi\/\d+$/), link.click()]);
  const kpiUrl = page.url();
  await page.fill("#result-12", "91");
  await page.fill("#explanation-12", "สำรวจความพึงพอใจครบทุกภาค");
  await Promise.all([page.waitForURL(/#r12$/), page.click("#r12 form.round button[type=submit]")]);
  expect((await page.locator("#r12 .score").textContent()).trim() === "4.2000", "91 % between 90 and 95 scores 4.2000");
  expect((await page.locator("#r12 .weighted").textContent()).trim() === "0.8400", "weighted 20 × 4.2 / 100 = 0.8400");
  await page.fill("#ev-title-12", "รายงานผลสำรวจความพึงพอใจผู้ใช้ข้อมูล");
  await page.fill("#ev-date-12", "2025-10-05");
  await page.fill("#ev-pages-12", "12");
  const surveyPdf = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
  await page.setInputFiles("#ev-upload-12", { name: "ผลสำรวจ.pdf", mimeType: "application/pdf", buffer: surveyPdf });
  await Promise.all([page.waitForURL(/#r12$/), page.click("#r12 form.evidence button[type=submit]")]);
  expect((await page.locator("#r12 ol.evidence li").count()) === 1, "the evidence is listed");
  const evidenceLink = await page.getAttribute("#r12 ol.evidence li a[download]", "href");
  const evidenceFile = await page.request.get(`${base}${evidenceLink}`);
  expect(evidenceFile.status() === 200 && evidenceFile.headers()["content-type"] === "application/pdf"
    && (await evidenceFile.body()).equals(surveyPdf), "the evidence's file downloads as it was attached");
  await shot(page, "19-kpi-indicator");
  await axe(page, "/kpi/{id}");
  await signOut(page);
  page = await signIn(context, "planner");
  await page.goto(kpiUrl);
  await Promise.all([page.waitForURL(/#r12$/), page.click("#r12 form.lock button[type=submit]")]);
  expect((await page.locator("#r12 form.round").count()) === 0 && (await page.locator("#r12 form.unlock").count()) === 1, "the planner locked the round");
  // The planner imports the corpus indicator report (3.1.3) into the agreement after a preview.
  await page.goto(`${base}/kpi?fy=2568`);
  await page.click("#kpi-import summary");
  await page.setInputFiles("#kpi-import-file", join(here, "..", "..", "..", "..", "shared", "corpus", "kpi-report-performance-agreement.txt"));
  await Promise.all([page.waitForURL(/\/import$/), page.click("#kpi-import button[type=submit]")]);
  expect((await page.locator("#kpi-import-plan tbody tr").count()) === 1, "the preview lists the file's one indicator report");
  await shot(page, "19b-kpi-import-preview");
  await Promise.all([page.waitForURL(/\/import\/confirm$/), page.click("#kpi-import-confirm")]);
  expect((await page.locator("#kpi-import-plan tbody tr").textContent()).includes("3.1.3"), "3.1.3 is stored");
  await page.goto(kpiUrl);
  const docx = await page.request.get(`${kpiUrl}.docx?months=12`);
  const docxBody = await docx.body();
  expect(docx.status() === 200 && docx.headers()["content-type"].includes("wordprocessingml") && docxBody.length > 1000,
    `export kpi.docx: ${docx.status()} ${docxBody.length} bytes`);
  writeFileSync(join(out, "kpi.docx"), docxBody);
  await page.goto(`${base}/pmqa?fy=2563`);
  expect((await page.locator("#pmqa-total-value").textContent()).trim() === "256.43", "PMQA 2563 shows 256.43");
  expect((await page.locator("#pmqa-results .missed").count()) === 10, "ten category 7 indicators missed their 2563 targets");
  await shot(page, "20-pmqa");
  await axe(page, "/pmqa");
  const pmqaDocx = await page.request.get(`${base}/pmqa.docx?fy=2563`);
  writeFileSync(join(out, "pmqa.docx"), await pmqaDocx.body());

  // 12. The statistics hub, as the public: search in Thai, a dataset, the explorer.
  const open = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const hub = await open.newPage();
  await hub.goto(`${base}/stats`);
  expect((await hub.locator("ol.results li").count()) >= 3, "the catalog lists the published datasets");
  expect((await hub.locator("section.facet").count()) === 4, "four facets: sector, agency, area level, frequency");
  await shot(hub, "18-stats");
  await axe(hub, "/stats");
  await hub.fill("#q", "นำร่อง");
  await Promise.all([hub.waitForURL(/\/stats\?q=/), hub.click("form[role=search] button[type=submit]")]);
  expect((await hub.locator("ol.results li").count()) === 1, "a Thai word finds the one dataset naming it");
  await Promise.all([hub.waitForURL(/\/stats\/MOU_PILOT_DEMO/), hub.click("ol.results li a")]);
  expect((await hub.locator("svg.chart.lines polyline").count()) >= 1, "the dataset page draws its series");
  expect((await hub.locator("#data-table tbody tr").count()) === 10, "the table has the ten pilot provinces");
  expect((await hub.locator("#releases tbody tr").count()) === 2, "two releases in the history");
  expect((await hub.inputValue("#api-url")).endsWith("/api/stats/datasets/MOU_PILOT_DEMO/data"), "the API URL to copy");
  await shot(hub, "19-stats-dataset");
  await axe(hub, "/stats/{dataset}");
  await Promise.all([hub.waitForURL(/from=1&to=2/), hub.click("#history form:last-of-type button[type=submit]")]);
  expect((await hub.locator("#diff-table tbody tr").count()) === 32, "release 2 revised two values and added a year (30)");
  await shot(hub, "20-stats-diff");
  await hub.goto(`${base}/stats/explore`);
  await hub.selectOption("#indicator", ["MOU_PILOT_DEMO.UNEMP_RATE"]);
  await hub.selectOption("#area", ["TH-62", "TH-18"]);
  await hub.fill("#from", "2563");
  await hub.fill("#to", "2566");
  await Promise.all([hub.waitForURL(/indicator=MOU_PILOT_DEMO.UNEMP_RATE/), hub.click("form.explore button[type=submit]")]);
  expect((await hub.locator("#explore-table tbody tr").count()) === 2, "the explorer's table: one row per province");
  expect((await hub.locator("svg.chart.lines polyline").count()) === 2, "the explorer's chart: one line per province");
  const shared = hub.url();
  await shot(hub, "21-stats-explore");
  await axe(hub, "/stats/explore");
  const again = await open.newPage();
  await again.goto(shared);
  expect((await again.locator("#explore-table tbody tr").count()) === 2, "the shared URL shows the same series");
  await Promise.all([again.waitForURL(/\/stats\/explore/), again.click("a[lang=en]")]);
  expect((await again.title()).includes("Series explorer"), "the explorer in English");
  await shot(again, "22-stats-explore-en");
  await open.close();

  // 13. A province, as the public and as its statistics office: the pilot province's page from
  //     three agencies' series, its report as DOCX and PDF, the chart edited by the office.
  const governor = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const province = await governor.newPage();
  await province.goto(`${base}/provinces?fy=2568`);
  await Promise.all([province.waitForURL(/\/provinces\/60$/), province.click('#province-table a[href="/provinces/60"]')]);
  expect((await province.locator("section.issue").count()) === 3, "the pilot province's three strategic issues");
  expect((await province.locator("article.statistic").count()) === 6, "six statistics needed");
  expect((await province.locator("article.statistic svg.chart").count()) === 4, "a chart for each of the four series in the hub");
  expect((await province.locator("article.statistic dd.rank").first().textContent()).includes("77") ||
         (await province.locator("article.statistic dd.rank").first().textContent()).includes("๗๗"), "a rank among the 77 provinces");
  expect((await province.locator('a[href^="/stats/NSO_LFS_PROV_DEMO?release="]').count()) >= 1, "a figure links to its dataset's release");
  await shot(province, "23-province");
  await axe(province, "/provinces/{code}");
  const [docxDownload] = await Promise.all([province.waitForEvent("download"), province.click('a[href^="/provinces/60.docx"]')]);
  await docxDownload.saveAs(join(out, "province-60.docx"));
  expect(readFileSync(join(out, "province-60.docx")).subarray(0, 2).toString() === "PK", "the provincial report downloads as DOCX");
  const [pdfDownload] = await Promise.all([province.waitForEvent("download"), province.click('a[href^="/provinces/60.pdf"]')]);
  await pdfDownload.saveAs(join(out, "province-60.pdf"));
  expect(readFileSync(join(out, "province-60.pdf")).subarray(0, 4).toString() === "%PDF", "the provincial report downloads as PDF");
  await governor.close();
  const officeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const office = await signIn(officeContext, "office60");
  await office.goto(`${base}/prefs?lang=th&next=/provinces/60/chart`);
  await office.goto(`${base}/provinces/60/chart`);
  expect((await office.locator("#chart tr[data-gap]").count()) === 2, "the chart lists the two gaps");
  await shot(office, "24-province-chart");
  await axe(office, "/provinces/{code}/chart");
  await office.fill("#title_th", "เกษตรปลอดภัยและมูลค่าสูง");
  await Promise.all([office.waitForURL(/\/provinces\/60\/chart$/), office.click("form:has(#title_th) button[type=submit]")]);
  expect((await office.locator("#chart").textContent()).includes("เกษตรปลอดภัยและมูลค่าสูง"), "the office adds a strategic issue");
  await officeContext.close();

  // 14. The statistical system and a table under disclosure control, as the public.
  const watch = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const system = await watch.newPage();
  await system.goto(`${base}/statistics-system`);
  expect(Number(await system.locator("#status-counts a.card").first().getAttribute("data-count")) >= 7, "the register lists the demo's official statistics");
  const late = system.locator('#status-counts a.card[href*="status=late"]');
  const lateCount = Number(await late.getAttribute("data-count"));
  await Promise.all([system.waitForURL(/status=late/), late.click()]);
  expect(lateCount >= 1 && (await system.locator("#entries table tbody tr").count()) === lateCount, "the late count leads to exactly its list");
  await shot(system, "25-statistics-system");
  await axe(system, "/statistics-system");
  await system.goto(`${base}/stats/DEMO_TB_CASES`);
  expect((await system.locator("#disclosure-legend").count()) === 1, "a protected table explains its symbol");
  await shot(system, "26-stats-protected");
  await axe(system, "/stats/{dataset} under disclosure control");
  await watch.close();

  // 15. Clerical review of record linkage: two statisticians, each in their own browser, are handed
  //     different pairs; one accepts with the keyboard (n for the note, a to accept), the other
  //     rejects with the button; then the export holds exactly the job page's count of links.
  const reviewerOne = await browser.newContext({ bypassCSP: true, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const reviewerTwo = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const one = await signIn(reviewerOne, "statistician");
  const two = await signIn(reviewerTwo, "statistician2");
  await one.goto(`${base}/linkage`);
  await shot(one, "27-linkage-jobs");
  await axe(one, "/linkage");
  await Promise.all([one.waitForURL(/\/linkage\/\d+$/), one.click("#jobs tbody a")]);
  const jobUrl = one.url();
  const before = JSON.parse(await (await one.request.get(jobUrl.replace("/linkage/", "/api/linkage/"))).text()).estimates;
  await shot(one, "28-linkage-job");
  await axe(one, "/linkage/{id}");
  await Promise.all([one.waitForURL(/\/review$/), one.click("#start-review")]);
  await two.goto(`${jobUrl}/review`);
  const pairOne = await one.locator("form#decision").getAttribute("action");
  const pairTwo = await two.locator("form#decision").getAttribute("action");
  expect(pairOne && pairTwo && pairOne !== pairTwo, "two reviewers are handed different pairs");
  expect((await one.locator("#records tbody tr").count()) >= 5 && (await one.locator("#comparisons tbody tr").count()) >= 3,
         "the two records side by side with the comparisons' levels and weights");
  await shot(one, "29-linkage-review");
  await axe(one, "/linkage/{id}/review");
  await one.keyboard.press("n");
  expect(await one.evaluate(() => document.activeElement?.id === "note"), "n moves to the note");
  await one.keyboard.type("วันเกิดและเลขประจำตัวตรงกัน");
  await one.keyboard.press("Escape");
  // Already on …/review, so wait for the navigation the key starts (the POST, then the redirect).
  await Promise.all([one.waitForEvent("framenavigated"), one.keyboard.press("a")]);
  await one.waitForLoadState("load");
  const nextOne = await one.locator("form#decision").getAttribute("action");
  expect(nextOne !== pairOne && nextOne !== pairTwo, "after a decision the reviewer gets a pair nobody holds");
  await Promise.all([two.waitForEvent("framenavigated"), two.click("#reject")]);
  await two.waitForLoadState("load");
  await one.goto(jobUrl);
  const after = JSON.parse(await (await one.request.get(jobUrl.replace("/linkage/", "/api/linkage/"))).text()).estimates;
  expect(after.accepted === before.accepted + 1 && after.rejected === before.rejected + 1, "the job counts one more accepted and one more rejected pair");
  const decidedRows = await one.locator("#decided-pairs tbody tr").allTextContents();
  expect(decidedRows.some((r) => r.includes("statistician2")) && decidedRows.some((r) => r.includes("วันเกิดและเลขประจำตัวตรงกัน")),
         "the latest decisions show both reviewers, with the note");
  await shot(one, "30-linkage-estimates");
  const [links] = await Promise.all([one.waitForEvent("download"), one.click("#export-csv")]);
  await links.saveAs(join(out, "linkage-links.csv"));
  const rows = readFileSync(join(out, "linkage-links.csv"), "utf8").replace(/^\uFEFF/, "").trim().split("\n");
  expect(rows[0] === "id_l,id_r,match_weight,match_probability,band,decision,decided_by,note", "the export's header");
  expect(rows.length - 1 === after.exported, `the export holds the ${after.exported} accepted links`);
  expect(rows.some((r) => r.includes(",review,accept,statistician,วันเกิดและเลขประจำตัวตรงกัน")), "the pair accepted with the keyboard is exported with its note");
  expect(!rows.some((r) => r.includes(",reject,")), "no rejected pair is exported");
  await reviewerOne.close();
  await reviewerTwo.close();

  // 11. Escaping: a project name with markup shows as text (the demo has none; the API makes one).
  await context.close();
} catch (error) {
  failures++;
  console.error(error);
} finally {
  await browser.close();
}
if (failures > 0) {
  console.error(`${failures} expectation(s) failed; screenshots in ${out}`);
  process.exit(1);
}
console.log(`all passed; screenshots in ${out}`);
