using Microsoft.Playwright;

namespace Pipeline.IntegrationTests.Publish;

/// <summary>
/// What every page of the report must pass in Chromium, at a desktop and a phone width: no serious or critical
/// axe-core violation, and nothing wider than its table cell or than the window.
/// </summary>
public static class PageChecks
{
    /// <summary>A laptop and a phone (iPhone 12–15 class).</summary>
    public static readonly IReadOnlyList<(int Width, int Height)> Viewports = [(1280, 800), (390, 844)];

    private static readonly Lazy<string> Axe = new(() => File.ReadAllText(RepositoryPaths.Combine("node_modules", "axe-core", "axe.min.js")));

    /// <summary>
    /// Every element that does not fit. A cell's content must fit the cell: its own scroll width, and the boxes of its
    /// elements and of each line of its text, stay inside it. Any other element must stay inside the window, unless an
    /// ancestor scrolls or clips it sideways (a wide table's wrapper on a phone, whose cells must still fit themselves).
    /// Elements hidden from sight (display none, a visually-hidden header) are not laid out for reading and are skipped.
    /// </summary>
    private const string OverflowScript =
        """
        () => {
          const problems = [];
          const name = el => {
            let s = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + Array.from(el.classList).map(c => '.' + c).join('');
            const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
            return text ? s + ' "' + text + '"' : s;
          };
          const style = el => getComputedStyle(el);
          const ancestors = el => { const list = []; for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) list.push(p); return list; };
          const hidden = el => [el, ...ancestors(el)].some(a => { const s = style(a); return s.display === 'none' || s.visibility === 'hidden' || s.clipPath !== 'none'; });
          const scrolled = el => ancestors(el).some(a => a !== document.body && style(a).overflowX !== 'visible');
          const outside = (r, box) => r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
          const root = document.documentElement;
          const width = root.clientWidth;
          if (root.scrollWidth > width + 1) problems.push('the page scrolls sideways: ' + root.scrollWidth + ' px in a ' + width + ' px window');
          for (const cell of document.querySelectorAll('td, th')) {
            if (hidden(cell)) continue;
            const box = cell.getBoundingClientRect();
            if (cell.scrollWidth > cell.clientWidth + 1) problems.push(name(cell) + ': content ' + cell.scrollWidth + ' px wide in a cell of ' + cell.clientWidth + ' px');
            for (const el of cell.querySelectorAll('*')) {
              if (hidden(el)) continue;
              if (outside(el.getBoundingClientRect(), box)) problems.push(name(el) + ' runs out of its cell ' + name(cell));
              else if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && style(el).overflowX === 'visible') problems.push(name(el) + ': content wider than itself in ' + name(cell));
            }
            const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = texts.nextNode(); node; node = texts.nextNode()) {
              if (!node.textContent.trim() || hidden(node.parentElement)) continue;
              const range = document.createRange();
              range.selectNodeContents(node);
              if (Array.from(range.getClientRects()).some(r => outside(r, box))) problems.push('text "' + node.textContent.trim().slice(0, 50) + '" runs out of its cell ' + name(cell));
            }
          }
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.height === 0 || (r.left >= -1 && r.right <= width + 1) || hidden(el) || scrolled(el)) continue;
            problems.push(name(el) + ' reaches past the window: ' + Math.round(r.left) + '..' + Math.round(r.right) + ' px of ' + width);
          }
          return problems;
        }
        """;

    /// <summary>axe-core's serious and critical violations, each with the first few elements it found them on.</summary>
    private const string AxeScript =
        """
        async () => {
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations
            .filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => v.id + ' (' + v.impact + ', ' + v.nodes.length + ' element(s)): ' + v.help + ' at ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | '));
        }
        """;

    /// <summary>The checks at each of <see cref="Viewports"/>, then the page's own size again; one assertion that lists every failure of the page.</summary>
    public static async Task AssertAccessibleAndFittingAsync(IPage page, string kind)
    {
        var failures = new List<string>();
        var before = page.ViewportSize;
        foreach (var (width, height) in Viewports)
        {
            await page.SetViewportSizeAsync(width, height);
            // The pages' charts redraw on the resize event; two frames later they are laid out at the new width.
            await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
            failures.AddRange((await OverflowsAsync(page)).Select(f => $"{kind} at {width} px: {f}"));
            failures.AddRange((await SeriousViolationsAsync(page)).Select(f => $"{kind} at {width} px, axe-core: {f}"));
        }

        if (before is not null)
        {
            await page.SetViewportSizeAsync(before.Width, before.Height);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failure(s):\n{string.Join('\n', failures)}");
    }

    public static Task<string[]> OverflowsAsync(IPage page) => page.EvaluateAsync<string[]>(OverflowScript);

    public static async Task<string[]> SeriousViolationsAsync(IPage page)
    {
        // Evaluated rather than added as a <script> element: the pages' Content-Security-Policy refuses inline scripts,
        // and the test must not loosen it (bypassing it would hide a policy violation the browser tests look for).
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
        {
            await page.EvaluateAsync(Axe.Value);
        }

        return await page.EvaluateAsync<string[]>(AxeScript);
    }
}
