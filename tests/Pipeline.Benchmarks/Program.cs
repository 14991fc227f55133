using System.Globalization;
using Pipeline.Benchmarks;
using Pipeline.Testing.Storage;

// dotnet run -c Release --project tests/Pipeline.Benchmarks -- ingest [tickets] [row-by-row sample]
// dotnet run -c Release --project tests/Pipeline.Benchmarks -- recompute [compounds per street] [repeats]
// dotnet run -c Release --project tests/Pipeline.Benchmarks -- rush [compounds per street]
// dotnet run -c Release --project tests/Pipeline.Benchmarks -- read [tickets,tickets…] [repeats]
var verb = args.Length > 0 ? args[0] : "ingest";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
if (verb == "read")
{
    var sizes = args.Length > 1 ? args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() : [50_000, 200_000];
    new ReadBenchmark(sizes, Arg(2, 3), Console.Out).Run();
    return 0;
}

var configured = Environment.GetEnvironmentVariable("Storage");
await using var azurite = string.IsNullOrWhiteSpace(configured) ? await AzuriteProcess.StartAsync() : null;
var storage = configured ?? azurite!.ConnectionString;
switch (verb)
{
    case "ingest":
        await new IngestBenchmark(storage, Arg(1, 200_000), Arg(2, 5_000), Console.Out).RunAsync();
        break;
    case "recompute":
        await new RecomputeBenchmark(storage, Arg(1, 300), Arg(2, 5), Console.Out).RunAsync();
        break;
    case "rush":
        await new RushBenchmark(storage, Arg(1, 300), Console.Out).RunAsync();
        break;
    default:
        Console.Error.WriteLine("usage: Pipeline.Benchmarks ingest [tickets] [sample] | recompute [compounds per street] [repeats] | rush [compounds per street] | read [tickets,tickets…] [repeats]");
        return 2;
}

return 0;
