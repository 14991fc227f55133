using Pipeline.Samples;

// Regenerates the bundled samples: dotnet run --project tests/Pipeline.Samples -- [samples folder]
var root = args.Length > 0 ? args[0] : "samples";
SampleFiles.WriteAll(root);
Console.WriteLine($"samples written to {Path.GetFullPath(root)}");
