using System.Diagnostics;
using System.Text;
using ExcelDataReader;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Adapters.Ingest;
using Pipeline.Adapters.Spreadsheets;
using Pipeline.Core.Divisions;
using Pipeline.Core.Ingest;
using Pipeline.Core.Sheets;

namespace Pipeline.Benchmarks;

/// <summary>
/// The readers alone, in a warm process: every cell of the same synthetic export as xlsx, xls and csv, read by the
/// project's readers and, side by side, by ExcelDataReader; then the validate pass (reading plus header, row and value
/// checks) on top. No storage is touched.
/// </summary>
public sealed class ReadBenchmark(IReadOnlyList<int> sizes, int repeats, TextWriter output)
{
    private static readonly string[] Formats = ["xlsx", "xls", "csv"];

    public void Run()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var registry = DivisionRegistry.Builtin("110115")!;
        var folder = Directory.CreateTempSubdirectory("pipeline-read-");
        using var services = ServiceSetup.Create("UseDevelopmentStorage=true", registry);
        var context = services.GetRequiredService<IngestContext>();
        try
        {
            output.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; median of {repeats}");
            // Warm-up: JIT every path measured below on a small export of the same shape.
            foreach (var path in Write(registry, folder.FullName, 2_000))
            {
                ReadEveryCell(path);
                ReadWithExcelDataReader(path);
                Validate(path, context);
            }

            foreach (var tickets in sizes)
            {
                var paths = Write(registry, folder.FullName, tickets);
                output.WriteLine($"tickets: {tickets:N0}; " + string.Join(", ", paths.Select(p => $"{Path.GetExtension(p)[1..]} {new FileInfo(p).Length / 1024.0 / 1024.0:0.0} MB")));
                foreach (var path in paths)
                {
                    var format = Path.GetExtension(path)[1..];
                    Report($"{format}: every cell, Pipeline readers", tickets, Median(() => ReadEveryCell(path), tickets));
                    Report($"{format}: every cell, ExcelDataReader 3.6.0", tickets, Median(() => ReadWithExcelDataReader(path), tickets));
                    if (format == "xls" && tickets > SyntheticExports.XlsRowsPerSheet)
                    {
                        // An upload is one sheet of figures; an .xls sheet cannot hold this many tickets.
                        output.WriteLine($"{format}: validate (read + checks)                   n/a: more than {SyntheticExports.XlsRowsPerSheet:N0} rows do not fit one .xls sheet");
                        continue;
                    }

                    Report($"{format}: validate (read + checks)", tickets, Median(() => Validate(path, context), tickets));
                }

                foreach (var path in paths)
                {
                    File.Delete(path);
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static List<string> Write(DivisionRegistry registry, string folder, int tickets)
    {
        var month = new DateTime(2020, 12, 1);
        var paths = Formats.Select(f => Path.Combine(folder, $"export-{tickets}.{f}")).ToList();
        SyntheticExports.WriteXlsx(registry, paths[0], tickets, month);
        SyntheticExports.WriteXls(registry, paths[1], tickets, month);
        SyntheticExports.WriteCsv(registry, paths[2], tickets, month);
        return paths;
    }

    /// <summary>Data rows read: every cell's text is touched, so nothing is left lazily undone.</summary>
    private static int ReadEveryCell(string path)
    {
        using var file = File.OpenRead(path);
        var rows = 0;
        long characters = 0;
        foreach (var sheet in SpreadsheetReader.Read(file, Path.GetFileName(path), SpreadsheetLimits.Default))
        {
            foreach (var row in sheet.Rows)
            {
                rows++;
                // Every cell that holds something, as the parser reads rows; the dense Cells view costs a row's width.
                foreach (var span in row.Spans)
                {
                    characters += span.Cell.Text.Length;
                }
            }
        }

        GC.KeepAlive(characters);
        return rows - SheetsOf(path, rows);
    }

    private static int ReadWithExcelDataReader(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = Path.GetExtension(path) == ".csv"
            ? ExcelReaderFactory.CreateCsvReader(file)
            : ExcelReaderFactory.CreateReader(file);
        var rows = 0;
        long characters = 0;
        do
        {
            while (reader.Read())
            {
                rows++;
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    characters += reader.GetValue(column)?.ToString()?.Length ?? 0;
                }
            }
        }
        while (reader.NextResult());

        GC.KeepAlive(characters);
        return rows - SheetsOf(path, rows);
    }

    private static int Validate(string path, IngestContext context)
    {
        using var file = File.OpenRead(path);
        var inspection = UploadReading.Inspect(file, UploadSource.ForBlob($"2020-12/{Path.GetFileName(path)}"), context);
        if (!inspection.Accepted)
        {
            throw new InvalidOperationException($"The synthetic export was rejected: {inspection.Findings[0].Message}");
        }

        return inspection.Rows;
    }

    /// <summary>Header rows: one per sheet (an .xls holds 65,535 data rows a sheet).</summary>
    private static int SheetsOf(string path, int rows) =>
        Path.GetExtension(path) == ".xls" ? (rows + SyntheticExports.XlsRowsPerSheet) / (SyntheticExports.XlsRowsPerSheet + 1) : 1;

    /// <summary>The median of the runs; each must see every ticket, so a reader that skips rows cannot look fast.</summary>
    private TimeSpan Median(Func<int> read, int tickets)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            var rows = read();
            times.Add(watch.Elapsed);
            if (rows != tickets)
            {
                throw new InvalidOperationException($"Read {rows:N0} rows of {tickets:N0}.");
            }
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private void Report(string what, int rows, TimeSpan elapsed) =>
        output.WriteLine($"{what,-45} {rows / elapsed.TotalSeconds,12:N0} rows/s  ({elapsed.TotalSeconds:0.00} s)");
}
