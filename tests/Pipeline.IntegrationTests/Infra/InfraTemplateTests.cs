using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipeline.Adapters.Hosting;

namespace Pipeline.IntegrationTests.Infra;

/// <summary>
/// infra/main.bicep, compiled and linted offline by the Bicep CLI, held to the deployment's rules: no keys, both
/// storage accounts locked down, each role granted to the right identity on the resource itself, Event Grid wired to
/// the blob trigger, the summaries topic as the consumers expect it. Each rule is also run against a broken copy of
/// the template, to show it can fail.
/// </summary>
public sealed partial class InfraTemplateTests
{
    [Fact]
    public async Task Bicep_build_and_lint_report_no_diagnostics()
    {
        var infra = await CompiledInfra.LoadAsync();

        Assert.True(infra.Build.ExitCode == 0 && infra.Build.Lines.Count == 0, infra.Build.ToString());
        Assert.True(infra.Lint.ExitCode == 0 && infra.Lint.Lines.Count == 0, infra.Lint.ToString());
        Assert.NotEmpty(infra.Root.Modules);
    }

    [Fact]
    public async Task Both_storage_accounts_refuse_shared_keys_public_blobs_and_old_TLS() =>
        AssertNone(InfraChecks.StorageAccounts((await CompiledInfra.LoadAsync()).Root));

    [Fact]
    public async Task No_key_is_read_except_the_blob_extensions_webhook_key_and_local_auth_is_off() =>
        AssertNone(InfraChecks.Keys((await CompiledInfra.LoadAsync()).Root));

    [Fact]
    public async Task The_function_app_runs_on_Flex_Consumption_over_HTTPS_and_deploys_with_its_identity() =>
        AssertNone(InfraChecks.FunctionApp((await CompiledInfra.LoadAsync()).Root));

    [Fact]
    public async Task Each_identity_gets_exactly_its_roles_on_the_resource_itself() =>
        AssertNone(InfraChecks.RoleAssignments((await CompiledInfra.LoadAsync()).Root));

    [Fact]
    public async Task Event_Grid_delivers_new_uploads_to_the_blob_triggers_webhook_with_retries_and_dead_lettering() =>
        AssertNone(UploadEvents((await CompiledInfra.LoadAsync()).Root));

    [Fact]
    public async Task The_summaries_topic_drops_duplicates_and_daily_only_filters_on_the_label() =>
        AssertNone(InfraChecks.ServiceBus((await CompiledInfra.LoadAsync()).Root, new PipelineOptions().SummaryEntity));

    [Fact]
    public async Task The_data_account_serves_the_report_and_creates_the_apps_containers() =>
        AssertNone(InfraChecks.DataAccount((await CompiledInfra.LoadAsync()).Root, AppContainers()));

    [Fact]
    public async Task The_azd_parameters_and_hook_match_the_template()
    {
        var template = (await CompiledInfra.LoadAsync()).Template;
        var declared = template["parameters"]!.AsObject();
        var given = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var outputs = template["outputs"]!.AsObject();
        var problems = new List<string>();

        problems.AddRange(given.Select(p => p.Key).Where(name => !declared.ContainsKey(name))
            .Select(name => $"main.parameters.json sets '{name}', which main.bicep does not declare."));
        problems.AddRange(declared.Where(p => p.Value?["defaultValue"] is null && !given.ContainsKey(p.Key))
            .Select(p => $"main.bicep requires '{p.Key}', which main.parameters.json does not set."));
        if (given["uploadEventsEnabled"]?["value"]?.ToString() != "${UPLOAD_EVENTS_ENABLED=false}")
        {
            problems.Add("uploadEventsEnabled is not bound to UPLOAD_EVENTS_ENABLED (default false), which the postdeploy hook sets.");
        }

        foreach (var hook in new[] { "postdeploy.sh", "postdeploy.ps1" })
        {
            var script = File.ReadAllText(RepositoryPaths.Combine("infra", "hooks", hook));
            foreach (var name in EnvironmentReference().Matches(script).Select(m => m.Groups[1].Value).Distinct())
            {
                if (name is not ("UPLOAD_EVENTS_ENABLED" or "LASTEXITCODE") && !outputs.ContainsKey(name))
                {
                    problems.Add($"infra/hooks/{hook} reads {name}, which main.bicep does not output.");
                }
            }

            if (!script.Contains("azd env set UPLOAD_EVENTS_ENABLED true", StringComparison.Ordinal))
            {
                problems.Add($"infra/hooks/{hook} does not turn on UPLOAD_EVENTS_ENABLED.");
            }
        }

        var project = File.ReadAllText(RepositoryPaths.Combine("azure.yaml"));
        foreach (var line in new[] { "  functions:", "    project: ./functions/Pipeline.Functions", "    language: dotnet", "    host: function",
                     "      run: ./infra/hooks/postdeploy.sh", "      run: ./infra/hooks/postdeploy.ps1" })
        {
            if (!project.Split('\n').Any(l => l.TrimEnd() == line))
            {
                problems.Add($"azure.yaml lacks the line '{line.Trim()}'.");
            }
        }

        Assert.True(File.Exists(RepositoryPaths.Combine("functions", "Pipeline.Functions", "Pipeline.Functions.csproj")));
        AssertNone(problems);
    }

    public static TheoryData<string> Mutations => [.. Breakages.Keys];

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task Each_rule_rejects_a_template_that_breaks_it(string mutation)
    {
        var template = (await CompiledInfra.LoadAsync()).Template;
        var (breakTemplate, check, expected) = Breakages[mutation];

        Assert.Empty(check(ArmScope.FromTemplate((JsonObject)template.DeepClone())));
        breakTemplate(template);
        var problems = check(ArmScope.FromTemplate(template));

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    private static readonly Dictionary<string, (Action<JsonObject> Break, Func<ArmScope, List<string>> Check, string Expected)> Breakages = new()
    {
        ["shared keys on the data account"] = (t => Resource(t, InfraChecks.DataStorageModule, "Microsoft.Storage/storageAccounts")["properties"]!["allowSharedKeyAccess"] = true,
            InfraChecks.StorageAccounts, "allowSharedKeyAccess"),
        ["TLS 1.0 on the host account"] = (t => Resource(t, InfraChecks.HostStorageModule, "Microsoft.Storage/storageAccounts")["properties"]!["minimumTlsVersion"] = "TLS1_0",
            InfraChecks.StorageAccounts, "minimumTlsVersion"),
        ["public blobs on the data account"] = (t => Resource(t, InfraChecks.DataStorageModule, "Microsoft.Storage/storageAccounts")["properties"]!["allowBlobPublicAccess"] = true,
            InfraChecks.StorageAccounts, "allowBlobPublicAccess"),
        ["a storage key in an app setting"] = (t => Resource(t, InfraChecks.FunctionAppModule, "Microsoft.Web/sites/config")["properties"]!["Leak"] =
                "[listKeys(resourceId('Microsoft.Storage/storageAccounts', parameters('name')), '2025-06-01').keys[0].value]",
            InfraChecks.Keys, "listKeys(resourceId('Microsoft.Storage/storageAccounts'"),
        ["Service Bus local auth on"] = (t => Resource(t, InfraChecks.ServiceBusNamespaceModule, "Microsoft.ServiceBus/namespaces")["properties"]!["disableLocalAuth"] = false,
            InfraChecks.Keys, "disableLocalAuth"),
        ["plain HTTP allowed"] = (t => Resource(t, InfraChecks.FunctionAppModule, "Microsoft.Web/sites")["properties"]!["httpsOnly"] = false,
            InfraChecks.FunctionApp, "httpsOnly"),
        ["FTPS allowed"] = (t => Resource(t, InfraChecks.FunctionAppModule, "Microsoft.Web/sites")["properties"]!["siteConfig"]!["ftpsState"] = "AllAllowed",
            InfraChecks.FunctionApp, "ftpsState"),
        ["a Premium plan"] = (t => Resource(t, InfraChecks.FunctionAppModule, "Microsoft.Web/serverfarms")["sku"]!["name"] = "EP1",
            InfraChecks.FunctionApp, "sku.name"),
        ["no queue role on the data account"] = (t => Module(t, InfraChecks.DataStorageModule)["variables"]!["roleIds"]!["storageQueueDataContributor"] = "00000000-0000-0000-0000-000000000000",
            InfraChecks.RoleAssignments, "Storage Queue Data Contributor"),
        ["metrics role on the resource group"] = (t => Resource(t, InfraChecks.MonitoringModule, "Microsoft.Authorization/roleAssignments").Remove("scope"),
            InfraChecks.RoleAssignments, "has no scope"),
        ["receiver role for the app"] = (t => Module(t, InfraChecks.ServiceBusTopicModule)["variables"]!["roleIds"]!["azureServiceBusDataSender"] = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
            InfraChecks.RoleAssignments, "none of the intended data roles"),
        ["events of every container"] = (t => Resource(t, InfraChecks.UploadSubscriptionModule, "Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]!["filter"]!["subjectBeginsWith"] = "/blobServices/default/containers/",
            UploadEvents, "subjectBeginsWith"),
        ["no dead-lettering"] = (t => Resource(t, InfraChecks.UploadSubscriptionModule, "Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]!.AsObject().Remove("deadLetterWithResourceIdentity"),
            UploadEvents, "deadLetter"),
        ["duplicate detection off"] = (t => Resource(t, InfraChecks.ServiceBusTopicModule, "Microsoft.ServiceBus/namespaces/topics")["properties"]!["requiresDuplicateDetection"] = false,
            root => InfraChecks.ServiceBus(root, new PipelineOptions().SummaryEntity), "requiresDuplicateDetection"),
        ["daily-only without its filter"] = (t => t["parameters"]!["serviceBusSubscriptions"]!["defaultValue"]![1]!["sqlFilter"] = "",
            root => InfraChecks.ServiceBus(root, new PipelineOptions().SummaryEntity), "daily-only"),
        ["reminders without its filter"] = (t => t["parameters"]!["serviceBusSubscriptions"]!["defaultValue"]![2]!["sqlFilter"] = "",
            root => InfraChecks.ServiceBus(root, new PipelineOptions().SummaryEntity), "reminders"),
        ["public static website without the opt-in"] = (t => Resource(t, InfraChecks.DataStorageModule, "Microsoft.Storage/storageAccounts/blobServices")["properties"]!["staticWebsite"]!["enabled"] = true,
            root => InfraChecks.DataAccount(root, AppContainers()), "staticWebsite.enabled"),
        ["sign-in not required"] = (t => Config(t, "authsettingsV2")["properties"]!["globalValidation"]!["requireAuthentication"] = false,
            InfraChecks.ReportAccess, "requireAuthentication"),
        ["the blob webhook behind sign-in"] = (t => Config(t, "authsettingsV2")["properties"]!["globalValidation"]!.AsObject().Remove("excludedPaths"),
            InfraChecks.ReportAccess, InfraChecks.BlobWebhookPath),
        ["a client secret for sign-in"] = (t => Config(t, "authsettingsV2")["properties"]!["identityProviders"]!["azureActiveDirectory"]!["registration"]!["clientSecretSettingName"] = "MICROSOFT_PROVIDER_AUTHENTICATION_SECRET",
            InfraChecks.ReportAccess, "clientSecretSettingName"),
        ["any tenant member reads the report"] = (t => Config(t, "authsettingsV2")["properties"]!["identityProviders"]!["azureActiveDirectory"]!["validation"]!.AsObject().Remove("defaultAuthorizationPolicy"),
            InfraChecks.ReportAccess, "allowed groups"),
        ["the app checks other groups than the sign-in allows"] = (t => Config(t, "appsettings")["properties"]!["Pipeline__ReportAllowedGroups"] = "[join(parameters('reportAuth').extraGroupIds, ',')]",
            InfraChecks.ReportAccess, "Pipeline__ReportAllowedGroups"),
        ["the report in $web without the opt-in"] = (t => Config(t, "appsettings")["properties"]!["Pipeline__WebContainer"] = "$web",
            InfraChecks.ReportAccess, "Pipeline__WebContainer"),
        ["no default deny with an allow-list"] = (t => Resource(t, InfraChecks.FunctionAppModule, "Microsoft.Web/sites")["properties"]!["siteConfig"]!["ipSecurityRestrictionsDefaultAction"] = "Allow",
            InfraChecks.NetworkAllowList, "denied by default"),
        ["Event Grid outside the allow-list"] = (t => Resource(t, InfraChecks.FunctionAppModule, "Microsoft.Web/sites")["properties"]!["siteConfig"]!["ipSecurityRestrictions"] =
                "[if(empty(parameters('allowedIpRanges')), createArray(), map(range(0, length(parameters('allowedIpRanges'))), lambda('i', createObject('ipAddress', parameters('allowedIpRanges')[lambdaVariables('i')], 'action', 'Allow'))))]",
            InfraChecks.NetworkAllowList, "AzureEventGrid"),
        ["a street office's upload right without its condition"] = (t => Resource(t, InfraChecks.OfficeAccessModule, "Microsoft.Authorization/roleAssignments")["properties"]!.AsObject().Remove("condition"),
            InfraChecks.OfficeAccess, "lacks its folder condition"),
        ["a street office's upload right on the whole account"] = (t => Resource(t, InfraChecks.OfficeAccessModule, "Microsoft.Authorization/roleAssignments")["scope"] = "[resourceId('Microsoft.Storage/storageAccounts', parameters('dataStorageName'))]",
            InfraChecks.OfficeAccess, "is not scoped to the uploads container"),
        ["a street office's findings of every street"] = (t => ArmScope.FromTemplate(t).ModuleNamed(InfraChecks.OfficeAccessModule).OwnResources
                .Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments").ElementAt(1)["properties"]!["condition"] =
                "[__bicep.folderCondition(parameters('resultsContainerName'), '', createArray())]",
            InfraChecks.OfficeAccess, "on results lacks its folder condition"),
        ["the district office without table rights"] = (t => ArmScope.FromTemplate(t).ModuleNamed(InfraChecks.OfficeAccessModule).OwnResources
                .Last(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments")["scope"] = "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('dataStorageName'), 'default', 'summaries')]",
            InfraChecks.OfficeAccess, "Storage Table Data Contributor"),
    };

    private static JsonObject Config(JsonObject template, string name) =>
        ArmScope.FromTemplate(template).ModuleNamed(InfraChecks.FunctionAppModule).OwnResources
            .First(r => (string?)r["type"] == "Microsoft.Web/sites/config" && ((string?)r["name"])?.Contains($"'{name}'", StringComparison.Ordinal) == true);

    private static List<string> UploadEvents(ArmScope root)
    {
        var (function, container) = EventGridBlobTrigger();
        return InfraChecks.UploadEvents(root, function, container);
    }

    /// <summary>The function whose blob trigger listens through Event Grid, and the container of its path.</summary>
    private static (string Function, string Container) EventGridBlobTrigger()
    {
        var trigger = Assert.Single(FunctionBinding.Load(), b => b.Type == "blobTrigger" && (string?)b.Json["source"] == "EventGrid");
        return (trigger.Function, ((string)trigger.Json["path"]!).Split('/')[0]);
    }

    /// <summary>The blob containers the app's settings name (Pipeline__*Container), except the static website's.</summary>
    private static IEnumerable<string> AppContainers()
    {
        var options = new PipelineOptions();
        return typeof(PipelineOptions).GetProperties()
            .Where(p => p.Name.EndsWith("Container", StringComparison.Ordinal) && p.Name != nameof(PipelineOptions.WebContainer))
            .Select(p => (string)p.GetValue(options)!);
    }

    private static JsonObject Module(JsonObject template, string name) =>
        ArmScope.FromTemplate(template).ModuleNamed(name).Template;

    private static JsonObject Resource(JsonObject template, string module, string type) =>
        ArmScope.FromTemplate(template).ModuleNamed(module).OwnResources.First(r => (string?)r["type"] == type);

    private static void AssertNone(List<string> problems) =>
        Assert.True(problems.Count == 0, $"{problems.Count} problem(s):\n{string.Join('\n', problems)}");

    /// <summary>$NAME or $env:NAME in a hook script.</summary>
    [GeneratedRegex(@"\$(?:env:)?([A-Z][A-Z0-9_]+)")]
    private static partial Regex EnvironmentReference();
}
