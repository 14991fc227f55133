using Pipeline.Adapters.Hosting;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Spreadsheets;
using Pipeline.Core.Divisions;
using Pipeline.Core.Forms;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;

namespace Pipeline.Fuzz;

/// <summary>
/// The fuzz targets, apart from <see cref="ReaderContract"/> because they touch no instrumented code: under afl++ none may
/// run before SharpFuzz has mapped the coverage memory.
/// </summary>
public static class FuzzTargets
{
    /// <summary>The fuzz targets: one per way an upload reaches the readers, named by the file name it arrives under.</summary>
    public static IReadOnlyDictionary<string, string> FileNames { get; } = new Dictionary<string, string>
    {
        // A YYYY-MM folder gives the rows a period, so inspection goes on into header matching and value parsing.
        ["xlsx"] = "uploads/2021-01/fuzz.xlsx",
        ["xls"] = "uploads/2021-01/fuzz.xls",
        ["csv"] = "uploads/2021-01/fuzz.csv",
        // Detected by content (a compound file naming EncryptionInfo); the name is what a clerk's protected workbook has.
        ["encrypted"] = "uploads/2021-01/fuzz.xlsx",
        // A form catalog the district office publishes: read, checked, compiled and run, never a reader of sheets.
        ["catalog"] = "uploads/110115/forms/fuzz.json",
        // The district's registry of divisions over time: read and checked, then each period's registry and the changes made.
        ["divisions"] = "uploads/110115/divisions/fuzz.json",
    };

}

/// <summary>
/// What every reader entry point promises for any bytes, checked the same way by the fuzz targets and by the replay
/// test of the saved regressions (tests/Pipeline.IntegrationTests links this file): reading and enumerating every row
/// of every sheet throws nothing but <see cref="SpreadsheetRejectedException"/>, and inspecting the upload throws nothing.
/// Anything else escapes, which is what makes the fuzzer count a crash.
/// </summary>
public static class ReaderContract
{
    /// <summary>The production context as the offline validate verb makes it: the built-in registry, default rules and limits.</summary>
    public static IngestContext Context { get; } =
        StageRegistration.CreateContext(new PipelineOptions()).AsOf(DateTimeOffset.UtcNow);

    /// <summary>The deadline one read of <paramref name="bytes"/> bytes has: the floor and so much per megabyte, as the readers count it.</summary>
    public static TimeSpan Deadline(long bytes) =>
        Context.Limits.MinReadTime + (Context.Limits.ReadTimePerMegabyte * (bytes / (1024.0 * 1024)));

    /// <summary>Checks the contract on <paramref name="bytes"/> as target <paramref name="target"/>; says what was read and how long each pass took.</summary>
    public static CheckResult Check(string target, byte[] bytes)
    {
        if (target == "catalog")
        {
            return CheckCatalog(bytes);
        }

        if (target == "divisions")
        {
            return CheckDivisions(bytes);
        }

        var fileName = FuzzTargets.FileNames[target];
        var rows = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            try
            {
                foreach (var sheet in SpreadsheetReader.Read(stream, fileName, Context.Limits))
                {
                    foreach (var row in sheet.Rows)
                    {
                        // Touch every span so lazily made cells are made too.
                        foreach (var span in row.Spans)
                        {
                            rows += span.Cell.Text.Length > 0 ? 1 : 0;
                        }

                        rows++;
                    }
                }
            }
            catch (SpreadsheetRejectedException)
            {
                // A finding: the one outcome besides rows that the readers may have.
            }
        }

        var read = clock.Elapsed;
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            // Never throws: every problem is a finding in the inspection.
            var inspection = UploadReading.Inspect(stream, UploadSource.ForBlob(fileName), Context);
            rows += inspection.Rows;
        }

        return new CheckResult(rows, read, clock.Elapsed - read);
    }

    /// <summary>
    /// A catalog's contract: reading it throws nothing (every problem is a <see cref="CatalogProblem"/>), and a catalog
    /// that passed compiles, and its checks, measures and indicators run on a blank row and on a row of every column
    /// filled, throwing nothing.
    /// </summary>
    private static CheckResult CheckCatalog(byte[] bytes)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (catalog, problems) = FormCatalogFile.Read(bytes, "fuzz.json");
        var read = clock.Elapsed;
        var runs = problems.Count;
        if (catalog is not null)
        {
            var compiled = CompiledCatalog.Compile(catalog);
            foreach (var form in compiled.Forms)
            {
                var filled = form.Definition.Columns.ToDictionary(c => c.Key, c => Sample(c));
                foreach (Func<string, object?> row in new Func<string, object?>[] { _ => null, key => filled.GetValueOrDefault(key) })
                {
                    runs += form.Checks.Count(c => c.Holds(row) is not null);
                    var totals = form.Measure([row, row]);
                    runs += compiled.IndicatorsOf(form.MeasuredAs.Code, totals).Count;
                    _ = compiled.Score(compiled.IndicatorsOf(form.MeasuredAs.Code, totals));
                }
            }
        }

        return new CheckResult(runs, read, clock.Elapsed - read);
    }

    /// <summary>
    /// A registry's contract: reading it throws nothing (every problem is a <see cref="DivisionProblem"/>), and a registry
    /// that passed gives its changes and the registry of every period a change starts, throwing nothing.
    /// </summary>
    private static CheckResult CheckDivisions(byte[] bytes)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (history, problems) = DivisionHistory.Read(System.Text.Encoding.UTF8.GetString(bytes), "fuzz.json");
        var read = clock.Elapsed;
        var runs = problems.Count;
        if (history is not null)
        {
            var changes = history.Changes();
            runs += changes.Count;
            foreach (var period in changes.Select(c => c.Period).Append("2000-01").Distinct())
            {
                runs += history.In(period).Streets.Count;
            }
        }

        return new CheckResult(runs, read, clock.Elapsed - read);
    }

    private static object? Sample(FormColumn column) => column.Type.KindOf() switch
    {
        ValueKind.Number => column.Max ?? 3.0,
        ValueKind.Boolean => true,
        ValueKind.Text => column.Options.FirstOrDefault()?.Value ?? "样例",
        ValueKind.Date => new DateTime(2021, 1, 5, 8, 30, 0),
        var other => throw new ArgumentOutOfRangeException(nameof(column), other, null),
    };
}

/// <summary>Rows and cells seen by both passes, and how long the reader and the inspection each took.</summary>
public readonly record struct CheckResult(int Rows, TimeSpan Read, TimeSpan Inspect);
