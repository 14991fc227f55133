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
    /// <summary>
    /// The production context as the offline validate verb makes it (default rules and limits), with the built-in registry
    /// dated: from 2021-01 清源街道's villages 东村 and 西村 are one residents' committee, 东西社区, and 西红门地区 splits in
    /// two, so rows naming ended or later units, in the upload's month or another, reach the findings naming successors.
    /// </summary>
    public static IngestContext Context { get; } = Dated(StageRegistration.CreateContext(new PipelineOptions()).AsOf(DateTimeOffset.UtcNow));

    private static IngestContext Dated(IngestContext context)
    {
        using var stream = typeof(DivisionHistory).Assembly.GetManifestResourceStream("Pipeline.Core.Divisions.Registries.110115.json")!;
        var registry = System.Text.Json.Nodes.JsonNode.Parse(stream)!.AsObject();
        var streets = registry["streets"]!.AsArray();
        streets.Single(s => (string)s!["code"]! == "110115003000")!["communities"] = System.Text.Json.Nodes.JsonNode.Parse("""
            [ { "code": "110115003200", "name": "东村", "kind": "village", "until": "2020-12", "successors": ["110115003001"] },
              { "code": "110115003201", "name": "西村", "kind": "village", "until": "2020-12", "successors": ["110115003001"] },
              { "code": "110115003001", "name": "东西社区", "from": "2021-01" } ]
            """);
        var xihongmen = streets.Single(s => (string)s!["code"]! == "110115007000")!.AsObject();
        xihongmen["until"] = "2020-12";
        xihongmen["successors"] = new System.Text.Json.Nodes.JsonArray("110115023000", "110115024000");
        streets.Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "code": "110115023000", "name": "西红门东街道", "from": "2021-01" }"""));
        streets.Add(System.Text.Json.Nodes.JsonNode.Parse("""{ "code": "110115024000", "name": "西红门西街道", "from": "2021-01" }"""));
        var (history, problems) = DivisionHistory.Read(registry.ToJsonString(), "fuzz-registry.json");
        return history is null
            ? throw new InvalidOperationException($"The fuzz registry is not valid: {problems[0]}")
            : context with { Registry = history.In("2021-01"), Divisions = history };
    }

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
    /// that passed gives its changes and the registry of every period a change starts, and, for its first units in the
    /// first of those periods, what each is then and the notice a row naming it gets, throwing nothing.
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

            // Bounded samples: the walk and the lookups are linear in the registry, which its checks bound.
            foreach (var period in changes.Select(c => c.Period).Append("2000-01").Distinct().Take(8))
            {
                foreach (var unit in history.Streets.Concat(history.Communities).Take(64))
                {
                    runs += history.SuccessorsIn(unit, period).Count + history.PredecessorsOf(unit).Count;
                    var notice = unit.IsStreet ? history.StreetNotice(unit.Code, unit.Name, period) : history.CommunityNotice(unit.Street!, unit.Code, unit.Name, period);
                    runs += notice is null ? 0 : notice.Refusal.Length + (notice.Single is null ? 0 : notice.Attribution.Length);
                }
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
