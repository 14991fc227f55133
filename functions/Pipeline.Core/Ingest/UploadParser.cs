using Pipeline.Core.Divisions;
using Pipeline.Core.Forms;
using Pipeline.Core.Sheets;
using Pipeline.Core.Validation;
using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>
/// Reads an upload as a stream of rows. <see cref="Inspect"/> checks every row, keeps only keys, and hands each clean
/// record on while the file is still clean, so it can be staged as it is read; <see cref="Records"/> reads the
/// records of an accepted file again. Neither holds the file in memory.
/// </summary>
public static class UploadParser
{
    private static readonly HashSet<string> TotalsLabels = ["合计", "总计", "小计", "总合计", "total", "subtotal", "sum"];

    /// <param name="clean">Called with each record, in file order, until the first error is found.</param>
    /// <param name="catalog">The forms a sheet may be; the built-in catalog when not given.</param>
    public static UploadInspection Inspect(
        IEnumerable<Sheet> sheets, UploadSource source, DivisionRegistry registry, IngestRules rules, Action<FormRow>? clean = null,
        CompiledCatalog? catalog = null)
    {
        var findings = new List<Finding>();
        var slices = new HashSet<SliceKey>();
        var firstRows = new Dictionary<UInt128, int>();
        Located? located = null;
        var rows = 0;
        var periodMissing = false;
        Plausibility.Observations? observed = null;
        try
        {
            var folders = UploadFolders.Of(source.File, registry, rules);
            findings.AddRange(folders.Findings);
            if (source.FallbackPeriod is { } fallback && Periods.IsAfter(fallback, rules.LatestPeriod))
            {
                findings.Add(FileFindings.FuturePeriod(source.File, fallback, rules.LatestPeriod!));
            }

            located = Locate(sheets, source, catalog ?? CompiledCatalog.Builtin, findings);
            if (located is null || findings.Count > 0)
            {
                return new(located?.Header.Form.Definition.Code, located?.Sheet, 0, findings, slices);
            }

            var sheetFindings = new SheetFindings(source.File, located.Sheet);
            var reader = new FormRowReader(located.Header, sheetFindings, registry, source.FallbackPeriod, folders, rules);
            var merges = located.Header.Form.Definition.Statement == Statement.Merge;
            // Compared with the previous period only where the catalog gives the form plausibility rules.
            observed = located.Header.Form.Definition.Plausibility.Count == 0 ? null : new Plausibility.Observations(located.Header);
            // Rows are handed on while no row has an error; a warning (a row counted for a unit's successor) does not stop them.
            var errors = 0;
            foreach (var row in DataRows(located))
            {
                rows++;
                var before = findings.Count;
                var read = reader.Read(row, findings);
                for (var i = before; i < findings.Count; i++)
                {
                    errors += findings[i].Severity == FindingSeverity.Error ? 1 : 0;
                }

                if (read is null)
                {
                    if (findings.Count >= rules.MaxFindings)
                    {
                        findings.Add(sheetFindings.TooManyFindings(rules.MaxFindings));
                        break;
                    }

                    continue;
                }

                if (read.Period.Length == 0)
                {
                    periodMissing = true;
                }
                else
                {
                    slices.Add(new SliceKey(read.Form, read.Period, read.StreetCode));
                }

                // A merged form's key is its row's across periods and streets (a ticket is one ticket); a slice's within it.
                var digest = KeyDigest.Of(merges ? read.Key : $"{read.Period}|{read.StreetCode}|{read.Key}");
                if (!firstRows.TryAdd(digest, row.Number))
                {
                    findings.Add(sheetFindings.Duplicate(row.Number, located.Header.HeaderOf(read.KeyColumn ?? ""), read.KeyText, firstRows[digest]));
                    errors++;
                }
                else if (errors == 0)
                {
                    observed?.Add(read);
                    clean?.Invoke(read);
                }
            }

            if (rows == 0)
            {
                findings.Add(sheetFindings.NoRows());
            }

            var periods = slices.Select(slice => slice.Period).Distinct().Count();
            if (periods > rules.MaxPeriods)
            {
                findings.Add(FileFindings.TooManyPeriods(source.File, periods, rules.MaxPeriods));
            }

            if (periodMissing)
            {
                findings.Add(sheetFindings.MissingPeriod(source.PeriodMayComeLater ? FindingSeverity.Warning : FindingSeverity.Error));
            }
        }
        catch (SpreadsheetRejectedException rejected)
        {
            findings.Add(rejected.Finding);
        }
        finally
        {
            located?.Rest.Dispose();
        }

        return new(located?.Header.Form.Definition.Code, located?.Sheet, rows, findings, slices) { Observed = observed };
    }

    /// <summary>The records of a file that <see cref="Inspect"/> accepted, read again from the start.</summary>
    public static IEnumerable<FormRow> Records(
        IEnumerable<Sheet> sheets, UploadSource source, DivisionRegistry registry, IngestRules rules, CompiledCatalog? catalog = null)
    {
        var findings = new List<Finding>();
        var located = Locate(sheets, source, catalog ?? CompiledCatalog.Builtin, findings)
            ?? throw new InvalidOperationException($"{source.File} has no recognisable header; inspect it first.");
        using var rest = located.Rest;
        var reader = new FormRowReader(located.Header, new SheetFindings(source.File, located.Sheet), registry, source.FallbackPeriod,
            UploadFolders.Of(source.File, registry, rules), rules);
        foreach (var row in DataRows(located))
        {
            yield return reader.Read(row, findings)
                ?? throw new InvalidOperationException($"{source.File} row {row.Number} no longer reads cleanly; inspect it first.");
        }
    }

    private sealed record Located(string Sheet, FormHeader Header, IEnumerator<SheetRow> Rest);

    /// <summary>The first sheet with a recognisable header within its first rows; the enumerator stands just below it.</summary>
    private static Located? Locate(IEnumerable<Sheet> sheets, UploadSource source, CompiledCatalog catalog, List<Finding> findings)
    {
        string? firstSheet = null;
        foreach (var sheet in sheets)
        {
            firstSheet ??= sheet.Name;
            var rows = sheet.Rows.GetEnumerator();
            for (var i = 0; i < FormHeader.MaxTitleRows && rows.MoveNext(); i++)
            {
                if (FormHeader.TryRead(rows.Current, catalog, out var duplicated) is not { } header)
                {
                    continue;
                }

                var sheetFindings = new SheetFindings(source.File, sheet.Name);
                var columns = header.Form.Definition.Columns;
                findings.AddRange(duplicated.Select(c => sheetFindings.DuplicateColumn(header.RowNumber, header.Form.Definition.Column(c)!.Label.Zh)));
                findings.AddRange(columns
                    .Where(c => c.Required && !header.Has(c.Key))
                    .Select(c => sheetFindings.MissingColumn(header.RowNumber, c.Label.Zh)));
                if (!columns.Any(c => c.Type is ColumnType.Street or ColumnType.StreetCode && header.Has(c.Key)))
                {
                    findings.Add(sheetFindings.MissingStreetColumn(header.RowNumber));
                }

                return new Located(sheet.Name, header, rows);
            }

            rows.Dispose();
        }

        findings.Add(new SheetFindings(source.File, firstSheet).NoHeader());
        return null;
    }

    private static IEnumerable<SheetRow> DataRows(Located located)
    {
        while (located.Rest.MoveNext())
        {
            var row = located.Rest.Current;
            if (!row.IsBlank && !IsTotals(row))
            {
                yield return row;
            }
        }
    }

    /// <summary>A totals row: its first text cell says 合计, 总计, 小计 or total.</summary>
    private static bool IsTotals(SheetRow row) =>
        row.Spans.FirstOrDefault(s => s.Cell.Kind == CellKind.Text && !s.Cell.IsEmpty) is { Cell: { Kind: CellKind.Text } first }
        && TotalsLabels.Contains(TextValues.NameKey(first.Text).Trim(':', '：'));
}
