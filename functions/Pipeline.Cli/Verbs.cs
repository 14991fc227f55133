using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Adapters.Hosting;
using Pipeline.Cli.CommandLine;
using Pipeline.Cli.Hosting;

namespace Pipeline.Cli;

/// <summary>Each verb: bind its arguments, call the same code the functions call, report.</summary>
public static class Verbs
{
    public static Task<int> RunAsync(Invocation invocation, TextWriter stdout, CancellationToken cancellationToken) =>
        invocation.Verb switch
        {
            "run" => RunPipelineAsync(invocation, stdout, cancellationToken),
            _ => throw new CliEnvironmentException($"'{invocation.Verb}' is not available in this build yet."),
        };

    private static async Task<int> RunPipelineAsync(Invocation invocation, TextWriter stdout, CancellationToken cancellationToken)
    {
        var input = new DirectoryInfo(invocation.Input!);
        if (!input.Exists)
        {
            throw new CliEnvironmentException($"input folder '{input.FullName}' does not exist.");
        }

        var output = Directory.CreateDirectory(invocation.Out!);
        await using var services = await LocalServices.StartAsync(EnvironmentConfiguration(), cancellationToken);
        foreach (var line in services.Started)
        {
            await stdout.WriteLineAsync($"started {line}");
        }

        await using var provider = new ServiceCollection().AddPipeline(services.Configuration).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var options = provider.GetRequiredService<IOptions<PipelineOptions>>().Value;
        var uploads = provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(options.UploadsContainer);
        await uploads.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

        var files = input.EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var name = invocation.Period is null ? file.Name : $"{invocation.Period}/{file.Name}";
            await using var content = file.OpenRead();
            await uploads.GetBlobClient(name).UploadAsync(content, overwrite: true, cancellationToken);
            await stdout.WriteLineAsync($"uploaded {file.Name} → {options.UploadsContainer}/{name}");
        }

        await stdout.WriteLineAsync($"{files.Count} file(s) uploaded; output folder {output.FullName}");
        return ExitCodes.Success;
    }

    /// <summary>Settings come from environment variables, named as in the app's settings (Storage, Pipeline__DistrictCode …).</summary>
    private static IConfiguration EnvironmentConfiguration() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build();
}
