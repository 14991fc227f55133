namespace Pipeline.Core.Report;

/// <summary>The pages' style sheet, inline so a page is one request besides the chart library.</summary>
internal static class ReportStyles
{
    public const string Css = """
        :root { --ink: #1d2733; --muted: #5b6776; --line: #d8dee6; --panel: #f5f7fa; --accent: #1f5fa8; --alert: #b42318; --alert-bg: #fdecea; --good: #1b7f3b; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff; font: 14px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; }
        a { color: var(--accent); }
        .masthead { display: flex; flex-wrap: wrap; gap: 12px 32px; align-items: flex-end; justify-content: space-between; padding: 24px 32px 18px; background: #16324f; color: #fff; }
        .masthead h1 { margin: 2px 0 4px; font-size: 26px; font-weight: 700; }
        .masthead .eyebrow { margin: 0; font-size: 13px; letter-spacing: .04em; opacity: .85; }
        .masthead .meta { margin: 0; font-size: 13px; opacity: .85; }
        .masthead nav { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 13px; }
        .masthead nav a { color: #fff; }
        main { max-width: 1280px; margin: 0 auto; padding: 8px 32px 32px; }
        section { margin-top: 28px; }
        h2 { margin: 0 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--accent); font-size: 19px; }
        h3 { margin: 18px 0 8px; font-size: 15px; }
        .en { color: var(--muted); font-weight: 400; font-size: .82em; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; margin-bottom: 16px; }
        .card { padding: 12px 14px; border: 1px solid var(--line); border-radius: 8px; background: var(--panel); }
        .card.below { border-color: var(--alert); background: var(--alert-bg); }
        .card .label { font-size: 13px; color: var(--muted); }
        .card .value { margin: 2px 0; font-size: 24px; font-weight: 700; font-variant-numeric: tabular-nums; }
        .card .sub { font-size: 12px; color: var(--muted); }
        .scroll { overflow-x: auto; }
        table { width: 100%; border-collapse: collapse; margin: 6px 0 14px; font-variant-numeric: tabular-nums; }
        caption { caption-side: top; text-align: left; padding: 4px 0; font-weight: 600; }
        th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; white-space: nowrap; }
        th { background: var(--panel); font-weight: 600; }
        thead th { position: sticky; top: 0; border-bottom: 2px solid var(--line); white-space: normal; word-break: keep-all; vertical-align: bottom; }
        thead th .en { display: block; }
        tbody th { background: none; }
        th.text, td.text { text-align: left; white-space: normal; }
        tbody th[scope="row"] { white-space: nowrap; }
        tbody th.community { white-space: normal; min-width: 8em; }
        tbody tr:nth-child(even) > * { background: #fbfcfd; }
        tr.group th { text-align: left; background: #e8eef6; }
        tr.district td, tr.district th { font-weight: 700; background: #eef3f9; }
        td.code { text-align: left; }
        table.compact { width: auto; min-width: min(100%, 520px); }
        td.below, td.below span { color: var(--alert); }
        td.below { background: var(--alert-bg) !important; font-weight: 600; }
        .avg { display: block; font-size: 11px; color: var(--muted); font-weight: 400; }
        .up { color: var(--good); }
        .down { color: var(--alert); }
        .note { color: var(--muted); font-size: 12.5px; }
        .empty { color: var(--muted); font-style: italic; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
        figure.chart { margin: 0 0 12px; padding: 10px; border: 1px solid var(--line); border-radius: 8px; }
        figure.chart figcaption { font-size: 13px; color: var(--muted); }
        .chart-canvas { width: 100%; height: 420px; }
        .chart-canvas.tall { height: 560px; }
        .jump { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 0 0 8px; padding: 0; list-style: none; font-size: 13px; }
        ul.periods { padding-left: 20px; }
        footer { max-width: 1280px; margin: 0 auto; padding: 16px 32px 40px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line); }
        @media (max-width: 640px) { main, footer, .masthead { padding-left: 14px; padding-right: 14px; } .charts { grid-template-columns: 1fr; } }
        @media print {
          @page { size: A4 landscape; margin: 12mm; }
          body { font-size: 10.5pt; }
          .masthead { padding: 0 0 8px; background: none; color: #000; border-bottom: 2px solid #000; }
          .masthead nav, .jump, .charts, figure.chart { display: none !important; }
          main, footer { max-width: none; padding: 0; }
          section { margin-top: 14px; break-inside: auto; }
          h2 { break-after: avoid; }
          thead { display: table-header-group; }
          thead th { position: static; }
          tr { break-inside: avoid; }
          .scroll { overflow: visible; }
          th, td { padding: 3px 5px; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }
        """;
}
