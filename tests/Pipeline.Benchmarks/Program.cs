using Pipeline.Benchmarks;
using Pipeline.Testing.Storage;

// dotnet run -c Release --project tests/Pipeline.Benchmarks -- [tickets] [row-by-row sample]
var tickets = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
var sample = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5_000;
var configured = Environment.GetEnvironmentVariable("Storage");
await using var azurite = string.IsNullOrWhiteSpace(configured) ? await AzuriteProcess.StartAsync() : null;
await new IngestBenchmark(configured ?? azurite!.ConnectionString, tickets, sample, Console.Out).RunAsync();
