using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Pipeline.Adapters.Hosting;
using Pipeline.Functions.Telemetry;

namespace Pipeline.IntegrationTests.Infra;

/// <summary>
/// One source of truth for settings: what the app reads (its options classes, its connections and the bindings in
/// functions.metadata) must be in local.settings.sample.json and in the function app's settings in the compiled
/// infra, in the form each place needs: a connection string locally, the identity-based Name__… settings in Azure.
/// </summary>
public sealed class SettingsConsistencyTests
{
    private const string Sample = "local.settings.sample.json";
    private const string Azure = "the Azure app settings (infra/modules/function-app.bicep)";
    private static readonly string[] OptionPrefixes = [$"{PipelineOptions.Section}__"];

    /// <summary>A setting the app needs: its local name, who reads it, and the names it takes in Azure.</summary>
    public sealed record RequiredSetting(string Name, string ReadBy, IReadOnlyList<string> AzureNames, string? Default = null)
    {
        public bool IsOption => OptionPrefixes.Any(prefix => Name.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_setting_the_app_reads_is_in_the_sample_and_in_the_Azure_app_settings()
    {
        var infra = await CompiledInfra.LoadAsync();
        var sample = SampleValues();
        var azure = AzureSettings(infra.Root);

        var problems = Compare(RequiredSettings(), sample.Keys, azure.Keys);

        // Flex Consumption takes the worker runtime from functionAppConfig, not from FUNCTIONS_WORKER_RUNTIME.
        var runtime = infra.Root.OfType("Microsoft.Web/sites").Single().GetString("properties.functionAppConfig.runtime.name");
        if (runtime != sample.GetValueOrDefault("FUNCTIONS_WORKER_RUNTIME"))
        {
            problems.Add($"The site's functionAppConfig.runtime.name is '{runtime}', {Sample} says FUNCTIONS_WORKER_RUNTIME={sample.GetValueOrDefault("FUNCTIONS_WORKER_RUNTIME")}.");
        }

        AssertNone(problems);
    }

    [Fact]
    public async Task Options_settings_carry_the_options_defaults_locally_and_in_Azure()
    {
        var sample = SampleValues();
        var azure = AzureSettings((await CompiledInfra.LoadAsync()).Root);
        var problems = new List<string>();

        foreach (var setting in RequiredSettings().Where(s => s.AzureNames.SequenceEqual([s.Name])))
        {
            var local = sample.GetValueOrDefault(setting.Name);
            var deployed = azure.GetValueOrDefault(setting.Name);
            var localIntended = LocalOnPurpose.GetValueOrDefault(setting.Name);
            if (FromDeployedResources.Contains(setting.Name))
            {
                // Locally empty (nothing is sent); in Azure taken from the resources the deployment made.
                if (local is not "")
                {
                    problems.Add($"{Sample} must leave {setting.Name} empty, not '{local}'.");
                }

                if (deployed is null || !deployed.StartsWith('['))
                {
                    problems.Add($"{Azure} must take {setting.Name} from the deployed resources, not '{deployed}'.");
                }

                continue;
            }

            if (localIntended is not null && (local is null || !SameValue(local, localIntended)))
            {
                problems.Add($"{Sample} must set {setting.Name} to '{localIntended}', not '{local}'.");
            }
            else if (localIntended is null && setting.Default is { } expected && local is not null && !SameValue(local, expected))
            {
                problems.Add($"{Sample} sets {setting.Name}={local}, but {setting.ReadBy} defaults to '{expected}'.");
            }

            if (FromDeployment.Contains(setting.Name))
            {
                continue;
            }

            if (deployed is not null && deployed.StartsWith('['))
            {
                problems.Add($"{Azure} set {setting.Name} to an expression the test cannot follow: {deployed}");
            }
            else if (DeployedOnPurpose.TryGetValue(setting.Name, out var intended))
            {
                if (deployed is null || !SameValue(deployed, intended))
                {
                    problems.Add($"{Azure} must set {setting.Name} to '{intended}', not '{deployed}'.");
                }
            }
            else if (localIntended is not null)
            {
                // Set away from the default for local development only: Azure keeps the default.
                if (setting.Default is { } safe && (deployed is null || !SameValue(deployed, safe)))
                {
                    problems.Add($"{Azure} must set {setting.Name} to its default '{safe}', not '{deployed}'.");
                }
            }
            else if (deployed is not null && local is not null && !SameValue(local, deployed))
            {
                problems.Add($"{setting.Name} is '{local}' in {Sample} but '{deployed}' in {Azure}.");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public async Task Telemetry_is_sent_with_Entra_ID_as_the_identity_every_connection_uses()
    {
        var azure = AzureSettings((await CompiledInfra.LoadAsync()).Root);
        var identity = azure[$"{PipelineConnections.StorageName}__clientId"].TrimStart('[').TrimEnd(']');

        var authentication = azure[TelemetryRegistration.AuthenticationSetting];

        Assert.Contains("Authorization=AAD", authentication, StringComparison.Ordinal);
        Assert.Contains(identity, authentication, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_stray_setting_is_named_with_the_place_it_is_missing_from()
    {
        var required = RequiredSettings();
        var sample = SampleValues().Keys.ToList();
        var azure = AzureSettings((await CompiledInfra.LoadAsync()).Root).Keys.ToList();
        Assert.Empty(Compare(required, sample, azure));

        sample.Remove("Pipeline__MaxRows");
        azure.Remove("Storage__queueServiceUri");
        azure.Remove("Pipeline__MonthsAhead");
        azure.Add("ServiceBus");
        azure.Add("FUNCTIONS_WORKER_RUNTIME");
        sample.Add("Pipeline__NoSuchOption");
        var problems = Compare(required, sample, azure);

        Assert.Equal(6, problems.Count);
        foreach (var expected in new[]
                 {
                     $"{Sample} lacks Pipeline__MaxRows (PipelineOptions.MaxRows).",
                     $"{Azure} lack Storage__queueServiceUri (",
                     $"{Azure} lack Pipeline__MonthsAhead (PipelineOptions.MonthsAhead).",
                     $"{Azure} set ServiceBus, the local form; use ServiceBus__fullyQualifiedNamespace, ServiceBus__credential, ServiceBus__clientId.",
                     $"{Azure} set FUNCTIONS_WORKER_RUNTIME, the local form; in Azure it is functionAppConfig.runtime.",
                     $"{Sample} sets Pipeline__NoSuchOption, which no option reads.",
                 })
        {
            Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
        }
    }

    /// <summary>What is missing where, and what is set that should not be.</summary>
    public static List<string> Compare(IReadOnlyList<RequiredSetting> required, IEnumerable<string> sample, IEnumerable<string> azure)
    {
        var local = sample.ToHashSet(StringComparer.Ordinal);
        var deployed = azure.ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var setting in required)
        {
            if (!local.Contains(setting.Name))
            {
                problems.Add($"{Sample} lacks {setting.Name} ({setting.ReadBy}).");
            }

            problems.AddRange(setting.AzureNames.Where(name => !deployed.Contains(name))
                .Select(name => $"{Azure} lack {name} ({setting.ReadBy})."));
            if (!setting.AzureNames.Contains(setting.Name) && deployed.Contains(setting.Name))
            {
                problems.Add(setting.AzureNames.Count == 0
                    ? $"{Azure} set {setting.Name}, the local form; in Azure it is functionAppConfig.runtime."
                    : $"{Azure} set {setting.Name}, the local form; use {string.Join(", ", setting.AzureNames)}.");
            }
        }

        var known = required.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(local.Where(name => !known.Contains(name)).Order(StringComparer.Ordinal)
            .Select(name => $"{Sample} sets {name}, which no option reads."));
        problems.AddRange(deployed.Where(name => OptionPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) && !known.Contains(name))
            .Order(StringComparer.Ordinal)
            .Select(name => $"{Azure} set {name}, which no option reads."));
        return problems;
    }

    /// <summary>Every setting the app reads, from the code: options, connections and the bindings' settings.</summary>
    public static IReadOnlyList<RequiredSetting> RequiredSettings()
    {
        var settings = new List<RequiredSetting>
        {
            new("FUNCTIONS_WORKER_RUNTIME", "the Functions host", []),
            Connection("AzureWebJobsStorage", "the Functions host", ["blobServiceUri", "queueServiceUri", "tableServiceUri"]),
            Connection(PipelineConnections.StorageName, "PipelineConnections.Storage", [PipelineConnections.BlobEndpoint, PipelineConnections.TableEndpoint]),
            Connection(PipelineConnections.ServiceBusName, "PipelineConnections.ServiceBus", [PipelineConnections.ServiceBusEndpoint]),
            new(TelemetryRegistration.ConnectionStringSetting, "TelemetryRegistration and the Functions host", [TelemetryRegistration.ConnectionStringSetting]),
            new(TelemetryRegistration.AuthenticationSetting, "TelemetryRegistration and the Functions host", [TelemetryRegistration.AuthenticationSetting]),
        };

        foreach (var binding in FunctionBinding.Load())
        {
            if (binding.Connection is { } connection)
            {
                settings.Add(Connection(connection, $"connection of {binding.Type} {binding.Function}", EndpointsOf(binding.Type)));
            }

            settings.AddRange(binding.ReferencedSettings.Select(name => new RequiredSetting(name, $"%{name}% of {binding.Type} {binding.Function}", [name])));
        }

        settings.AddRange(Options(PipelineOptions.Section, new PipelineOptions()));
        settings.AddRange(Options(PipelineOptions.Section, new ReportSignInOptions()));

        // One entry per name: a connection read by the app and by a trigger needs the endpoints of both.
        return settings.GroupBy(s => s.Name, StringComparer.Ordinal)
            .Select(g => g.First() with
            {
                ReadBy = string.Join(", ", g.Select(s => s.ReadBy).Distinct()),
                AzureNames = g.SelectMany(s => s.AzureNames).Distinct().ToList(),
            })
            .ToList();
    }

    private static RequiredSetting Connection(string name, string readBy, IEnumerable<string> endpoints) =>
        new(name, readBy, [.. endpoints.Select(e => $"{name}__{e}"), $"{name}__credential", $"{name}__clientId"]);

    /// <summary>The identity-based endpoint settings a binding's connection needs, by binding type.</summary>
    private static string[] EndpointsOf(string bindingType) => bindingType switch
    {
        // The blob trigger (also through Event Grid) keeps receipts and poison messages in queues of the same account.
        "blobTrigger" or "blob" => ["blobServiceUri", "queueServiceUri"],
        "queueTrigger" or "queue" => ["queueServiceUri"],
        "table" => ["tableServiceUri"],
        "serviceBusTrigger" or "serviceBus" => ["fullyQualifiedNamespace"],
        _ => throw new NotSupportedException($"No identity-based form known for connections of '{bindingType}' bindings: extend {nameof(EndpointsOf)}."),
    };

    /// <summary>Section__Property for each settable property; a dictionary gives Section__Property__Key per default key.</summary>
    private static IEnumerable<RequiredSetting> Options(string section, object defaults)
    {
        foreach (var property in defaults.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
        {
            var value = property.GetValue(defaults);
            var readBy = $"{defaults.GetType().Name}.{property.Name}";
            if (value is IDictionary dictionary)
            {
                foreach (DictionaryEntry entry in dictionary)
                {
                    var name = $"{section}__{property.Name}__{entry.Key}";
                    yield return new(name, readBy, [name], Format(entry.Value));
                }
            }
            else
            {
                var name = $"{section}__{property.Name}";
                yield return new(name, readBy, [name], Format(value));
            }
        }
    }

    private static string Format(object? value) =>
        value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "";

    /// <summary>Settings the deployment sets away from the local default on purpose, with the value it must have.</summary>
    private static readonly Dictionary<string, string> DeployedOnPurpose = new(StringComparer.Ordinal)
    {
        // A street office's rights are its folder: in Azure every upload must be in a street's or the district's folder.
        ["Pipeline__RequireOwnerFolder"] = "true",
        // The report sits in a private container (public static website only on opt-in), served to signed-in staff.
        ["Pipeline__WebContainer"] = "report",
        ["Pipeline__ReportAccess"] = "SignedIn",
    };

    /// <summary>
    /// Settings whose Azure value is the deployment's own (its tenant, app registration, groups and cloud), so they
    /// cannot equal the sample's; InfraChecks.ReportAccess checks they are the ones the platform's sign-in is given.
    /// </summary>
    private static readonly HashSet<string> FromDeployment = new(StringComparer.Ordinal)
    {
        $"{PipelineOptions.Section}__{nameof(ReportSignInOptions.ReportTenantId)}",
        $"{PipelineOptions.Section}__{nameof(ReportSignInOptions.ReportClientId)}",
        $"{PipelineOptions.Section}__{nameof(ReportSignInOptions.ReportAllowedGroups)}",
        $"{PipelineOptions.Section}__{nameof(ReportSignInOptions.ReportAuthority)}",
    };

    /// <summary>Settings whose Azure value the deployment takes from the resources it made (Application Insights, the identity).</summary>
    private static readonly HashSet<string> FromDeployedResources = new(StringComparer.Ordinal)
    {
        TelemetryRegistration.ConnectionStringSetting,
        TelemetryRegistration.AuthenticationSetting,
    };

    /// <summary>Settings the sample sets away from the default for local development, with the value it must have there.</summary>
    private static readonly Dictionary<string, string> LocalOnPurpose = new(StringComparer.Ordinal)
    {
        // Locally nothing signs anyone in, so the report is served to anyone; Azure keeps SignedIn.
        ["Pipeline__ReportAccess"] = "Anonymous",
    };

    private static bool SameValue(string a, string b) =>
        string.Equals(a, b, StringComparison.OrdinalIgnoreCase) || (double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                   && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && x == y);

    private static Dictionary<string, string> SampleValues() =>
        JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine(Sample)))!["Values"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "", StringComparer.Ordinal);

    /// <summary>The function app's settings in the compiled template, values resolved where they are plain.</summary>
    private static Dictionary<string, string> AzureSettings(ArmScope root)
    {
        var config = root.OfType("Microsoft.Web/sites/config")
            .Single(c => ((string)c.Json["name"]!).Contains("'appsettings'", StringComparison.Ordinal));
        return config.Json["properties"]!.AsObject()
            .ToDictionary(p => p.Key, p => config.Scope.ResolveString(p.Value) ?? p.Value?.ToJsonString() ?? "", StringComparer.Ordinal);
    }

    private static void AssertNone(List<string> problems) =>
        Assert.True(problems.Count == 0, $"{problems.Count} setting problem(s):\n{string.Join('\n', problems)}");
}
