using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;

namespace Pipeline.IntegrationTests.Infra;

/// <summary>Built-in Azure roles the deployment grants (role definition ids are the same in every tenant).</summary>
public static class AzureRoles
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string AzureServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        [StorageBlobDataOwner] = "Storage Blob Data Owner",
        [StorageBlobDataContributor] = "Storage Blob Data Contributor",
        [StorageBlobDataReader] = "Storage Blob Data Reader",
        [StorageTableDataContributor] = "Storage Table Data Contributor",
        [StorageQueueDataContributor] = "Storage Queue Data Contributor",
        [AzureServiceBusDataSender] = "Azure Service Bus Data Sender",
        [MonitoringMetricsPublisher] = "Monitoring Metrics Publisher",
    };
}

/// <summary>
/// The security and wiring rules of the compiled infra, each returning what it finds wrong (nothing when the template
/// is right). Pure functions of the template, so the tests can also show each rule rejecting a broken copy.
/// </summary>
public static partial class InfraChecks
{
    public const string HostStorageModule = "host-storage";
    public const string DataStorageModule = "data-storage";
    public const string FunctionAppModule = "function-app";
    public const string MonitoringModule = "monitoring";
    public const string ServiceBusNamespaceModule = "service-bus-namespace";
    public const string ServiceBusTopicModule = "service-bus-topic";
    public const string UploadEventsModule = "upload-events";
    public const string UploadSubscriptionModule = "upload-subscription";
    public const string OfficeAccessModule = "office-access";

    private enum Principal { AppIdentity, EventGridSystemTopic, Other }

    private sealed record Grant(string Module, string Role, Principal Principal, string ScopeType);

    /// <summary>Every role the deployment grants: to the app's identity, and to the system topic for dead-lettering.</summary>
    private static readonly Grant[] ExpectedGrants =
    [
        new(DataStorageModule, AzureRoles.StorageBlobDataOwner, Principal.AppIdentity, "Microsoft.Storage/storageAccounts"),
        new(DataStorageModule, AzureRoles.StorageTableDataContributor, Principal.AppIdentity, "Microsoft.Storage/storageAccounts"),
        new(DataStorageModule, AzureRoles.StorageQueueDataContributor, Principal.AppIdentity, "Microsoft.Storage/storageAccounts"),
        new(HostStorageModule, AzureRoles.StorageBlobDataOwner, Principal.AppIdentity, "Microsoft.Storage/storageAccounts"),
        new(HostStorageModule, AzureRoles.StorageQueueDataContributor, Principal.AppIdentity, "Microsoft.Storage/storageAccounts"),
        new(HostStorageModule, AzureRoles.StorageTableDataContributor, Principal.AppIdentity, "Microsoft.Storage/storageAccounts"),
        new(ServiceBusTopicModule, AzureRoles.AzureServiceBusDataSender, Principal.AppIdentity, "Microsoft.ServiceBus/namespaces/topics"),
        new(MonitoringModule, AzureRoles.MonitoringMetricsPublisher, Principal.AppIdentity, "Microsoft.Insights/components"),
        new(UploadEventsModule, AzureRoles.StorageBlobDataContributor, Principal.EventGridSystemTopic, "Microsoft.Storage/storageAccounts/blobServices/containers"),
    ];

    public static List<string> StorageAccounts(ArmScope root)
    {
        var problems = new List<string>();
        var accounts = root.OfType("Microsoft.Storage/storageAccounts").ToList();
        var modules = accounts.Select(a => a.Module).Order().ToList();
        if (!modules.SequenceEqual([DataStorageModule, HostStorageModule]))
        {
            problems.Add($"Expected one storage account in '{DataStorageModule}' and one in '{HostStorageModule}', found: [{string.Join(", ", modules)}].");
        }

        foreach (var account in accounts)
        {
            Expect(problems, account, "properties.allowSharedKeyAccess", false);
            Expect(problems, account, "properties.allowBlobPublicAccess", false);
            Expect(problems, account, "properties.minimumTlsVersion", "TLS1_2");
            Expect(problems, account, "properties.supportsHttpsTrafficOnly", true);
        }

        return problems;
    }

    /// <summary>No key, connection string or SAS is read anywhere; the one exception is the blob extension's webhook key.</summary>
    public static List<string> Keys(ArmScope root)
    {
        var problems = new List<string>();
        var hostKeyReads = 0;
        foreach (var text in Strings(root.Template))
        {
            foreach (Match call in ListCall().Matches(text))
            {
                var argument = FirstArgument(text, call.Index + call.Length - 1);
                var isHostKey = call.Groups[1].Value == "listKeys"
                    && argument.Contains("/host/default", StringComparison.Ordinal)
                    && argument.Contains("'Microsoft.Web/sites'", StringComparison.Ordinal);
                if (isHostKey)
                {
                    hostKeyReads++;
                }
                else
                {
                    problems.Add($"{call.Groups[1].Value}({argument}) reads a secret; only the function host's key (host/default) may be read.");
                }
            }

            foreach (var secret in new[] { "AccountKey=", "SharedAccessKey=", "SharedAccessSignature=" })
            {
                if (text.Contains(secret, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"A value contains '{secret}': {text}");
                }
            }
        }

        if (hostKeyReads == 0)
        {
            problems.Add("The blob extension's webhook key (listKeys of the site's host/default) is not read anywhere.");
        }

        foreach (var ns in root.OfType("Microsoft.ServiceBus/namespaces"))
        {
            Expect(problems, ns, "properties.disableLocalAuth", true);
        }

        foreach (var component in root.OfType("Microsoft.Insights/components"))
        {
            Expect(problems, component, "properties.DisableLocalAuth", true);
        }

        return problems;
    }

    public static List<string> FunctionApp(ArmScope root)
    {
        var problems = new List<string>();
        var plans = root.OfType("Microsoft.Web/serverfarms").ToList();
        var sites = root.OfType("Microsoft.Web/sites").ToList();
        if (plans.Count != 1 || sites.Count != 1)
        {
            problems.Add($"Expected one plan and one site, found {plans.Count} and {sites.Count}.");
            return problems;
        }

        Expect(problems, plans[0], "sku.name", "FC1");
        Expect(problems, plans[0], "sku.tier", "FlexConsumption");

        var site = sites[0];
        Expect(problems, site, "properties.httpsOnly", true);
        Expect(problems, site, "properties.siteConfig.minTlsVersion", "1.2");
        Expect(problems, site, "properties.siteConfig.ftpsState", "Disabled");
        Expect(problems, site, "identity.type", "UserAssigned");
        Expect(problems, site, "properties.functionAppConfig.runtime.name", "dotnet-isolated");
        Expect(problems, site, "properties.functionAppConfig.runtime.version", "10.0");
        Expect(problems, site, "properties.functionAppConfig.deployment.storage.type", "blobContainer");
        Expect(problems, site, "properties.functionAppConfig.deployment.storage.authentication.type", "UserAssignedIdentity");
        if (site.GetString("properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId") is not { } identity
            || !identity.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities'", StringComparison.Ordinal))
        {
            problems.Add("The deployment package is not read with the user-assigned identity.");
        }

        // The scale settings come from main.bicep's parameters (defaults 2048 MB, 100 instances).
        Expect(problems, site, "properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB", 2048);
        Expect(problems, site, "properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount", 100);
        if (site.Json["tags"]?.ToString() is not { } tags || !tags.Contains("'azd-service-name', 'functions'", StringComparison.Ordinal))
        {
            problems.Add("The site lacks the tag azd-service-name=functions that azd deploys the 'functions' service to.");
        }

        var policies = root.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        foreach (var kind in new[] { "ftp", "scm" })
        {
            if (!policies.Any(p => ((string)p.Json["name"]!).Contains($"'{kind}'", StringComparison.Ordinal) && p.GetBool("properties.allow") == false))
            {
                problems.Add($"Basic-auth publishing ({kind}) is not switched off.");
            }
        }

        return problems;
    }

    public static List<string> RoleAssignments(ArmScope root)
    {
        var problems = new List<string>();
        var assignments = root.OfType("Microsoft.Authorization/roleAssignments").Select(r => new
        {
            r.Module,
            Name = (string)r.Json["name"]!,
            Roles = Guid().Matches(r.Scope.ExpandVariables(r.Json["properties"]?["roleDefinitionId"]?.ToString() ?? ""))
                .Select(m => m.Value.ToLowerInvariant()).ToList(),
            Principal = PrincipalOf(r.Scope.ExpandSymbols(r.Json["properties"]?["principalId"]?.ToString() ?? "")),
            Scope = r.Json["scope"]?.ToString() ?? "",
        }).ToList();

        foreach (var assignment in assignments)
        {
            if (assignment.Scope.Length == 0)
            {
                problems.Add($"Role assignment {assignment.Name} in '{assignment.Module}' has no scope: it would apply to the whole resource group.");
            }

            foreach (var role in assignment.Roles.Where(role => !AzureRoles.Names.ContainsKey(role)))
            {
                problems.Add($"Role assignment {assignment.Name} in '{assignment.Module}' grants role {role}, which is none of the intended data roles.");
            }
        }

        foreach (var grant in ExpectedGrants)
        {
            var found = assignments.Any(a => a.Module == grant.Module
                && a.Roles.Contains(grant.Role)
                && a.Principal == grant.Principal
                && a.Scope.Contains($"'{grant.ScopeType}'", StringComparison.Ordinal));
            if (!found)
            {
                problems.Add($"'{grant.Module}' does not grant {AzureRoles.Names[grant.Role]} to the {grant.Principal} on its {grant.ScopeType}.");
            }
        }

        foreach (var extra in assignments.Where(a => a.Principal == Principal.AppIdentity)
                     .SelectMany(a => a.Roles.Select(role => (a.Module, Role: role)))
                     .Where(g => !ExpectedGrants.Any(e => e.Module == g.Module && e.Role == g.Role && e.Principal == Principal.AppIdentity)))
        {
            problems.Add($"'{extra.Module}' grants the app's identity {AzureRoles.Names.GetValueOrDefault(extra.Role, extra.Role)}, which it does not need.");
        }

        return problems;
    }

    /// <summary>BlobCreated under the trigger's container, to the blob extension's webhook of the trigger's function.</summary>
    public static List<string> UploadEvents(ArmScope root, string functionName, string container)
    {
        var problems = new List<string>();
        var topics = root.OfType("Microsoft.EventGrid/systemTopics").ToList();
        var subscriptions = root.OfType("Microsoft.EventGrid/systemTopics/eventSubscriptions").ToList();
        if (topics.Count != 1 || subscriptions.Count != 1)
        {
            problems.Add($"Expected one Event Grid system topic and one event subscription, found {topics.Count} and {subscriptions.Count}.");
            return problems;
        }

        var dataAccount = root.ModuleNamed(DataStorageModule).ResolveString(JsonValue.Create("[parameters('name')]"));
        var topic = topics[0];
        Expect(problems, topic, "properties.topicType", "Microsoft.Storage.StorageAccounts");
        Expect(problems, topic, "identity.type", "SystemAssigned");
        if (topic.Scope.ResolveString(JsonValue.Create("[parameters('dataStorageName')]")) != dataAccount
            || topic.GetString("properties.source") != "[resourceId('Microsoft.Storage/storageAccounts', parameters('dataStorageName'))]")
        {
            problems.Add("The system topic's source is not the data account.");
        }

        var subscription = subscriptions[0];
        if (subscription.Get("properties.filter.includedEventTypes") is not JsonArray types
            || !types.Select(t => (string?)t).SequenceEqual(["Microsoft.Storage.BlobCreated"]))
        {
            problems.Add("The event subscription does not deliver exactly Microsoft.Storage.BlobCreated.");
        }

        Expect(problems, subscription, "properties.filter.subjectBeginsWith", $"/blobServices/default/containers/{container}/");
        Expect(problems, subscription, "properties.destination.endpointType", "WebHook");
        var endpoint = subscription.GetString("properties.destination.properties.endpointUrl") ?? "";
        foreach (var part in new[] { $"/runtime/webhooks/blobs?functionName=Host.Functions.{functionName}&code=", "/host/default", ".systemKeys.blobs_extension" })
        {
            if (!endpoint.Contains(part, StringComparison.Ordinal))
            {
                problems.Add($"The webhook URL lacks '{part}': {endpoint}");
            }
        }

        foreach (var setting in new[] { "maxDeliveryAttempts", "eventTimeToLiveInMinutes" })
        {
            if (subscription.Get($"properties.retryPolicy.{setting}") is not JsonValue value || !value.TryGetValue<int>(out var number) || number < 1)
            {
                problems.Add($"The retry policy lacks {setting}.");
            }
        }

        Expect(problems, subscription, "properties.deadLetterWithResourceIdentity.identity.type", "SystemAssigned");
        Expect(problems, subscription, "properties.deadLetterWithResourceIdentity.deadLetterDestination.endpointType", "StorageBlob");
        var deadLetterContainer = subscription.GetString("properties.deadLetterWithResourceIdentity.deadLetterDestination.properties.blobContainerName");
        if (deadLetterContainer is null || !DataContainers(root).Contains(deadLetterContainer))
        {
            problems.Add($"The dead-letter container '{deadLetterContainer}' is not a container of the data account.");
        }

        if (subscription.Scope.ResolveString(JsonValue.Create("[parameters('dataStorageName')]")) != dataAccount)
        {
            problems.Add("Events are not dead-lettered to the data account.");
        }

        // The webhook key exists only once the code runs: the subscription is a module of its own, deployed on request
        // and after the dead-letter role.
        var module = subscription.Scope.Deployment;
        if ((string?)module?["condition"] != "[parameters('uploadEventsEnabled')]"
            || module["dependsOn"] is not JsonArray dependsOn
            || !dependsOn.Any(d => ((string?)d)?.Contains($"'{UploadEventsModule}'", StringComparison.Ordinal) == true
                || (root.Template["resources"] is JsonObject symbolic && (string?)symbolic[(string?)d ?? ""]?["name"] == UploadEventsModule)))
        {
            problems.Add($"The event subscription is not deployed on uploadEventsEnabled after '{UploadEventsModule}'.");
        }

        return problems;
    }

    public static List<string> ServiceBus(ArmScope root, string topicName)
    {
        var problems = new List<string>();
        var topics = root.OfType("Microsoft.ServiceBus/namespaces/topics").ToList();
        if (topics.Count != 1)
        {
            problems.Add($"Expected one Service Bus topic, found {topics.Count}.");
            return problems;
        }

        var topic = topics[0];
        if (topic.Scope.ResolveString(JsonValue.Create("[parameters('topicName')]")) != topicName)
        {
            problems.Add($"The topic is not named '{topicName}', the app's Pipeline__SummaryEntity.");
        }

        Expect(problems, topic, "properties.requiresDuplicateDetection", true);
        var window = topic.GetString("properties.duplicateDetectionHistoryTimeWindow");
        if (window is null || XmlConvert.ToTimeSpan(window) < TimeSpan.FromMinutes(10))
        {
            problems.Add($"The duplicate-detection window '{window}' is missing or shorter than 10 minutes.");
        }

        var subscriptions = topic.Scope.Resolve(JsonValue.Create("[parameters('subscriptions')]")) as JsonArray;
        string? Filter(string name) => subscriptions?.OfType<JsonObject>().Where(s => (string?)s["name"] == name)
            .Select(s => (string?)s["sqlFilter"] ?? "").FirstOrDefault();
        if (Filter("dashboard") != "")
        {
            problems.Add("There is no unfiltered subscription 'dashboard'.");
        }

        if (Filter("daily-only") != "sys.Label = 'summary.daily'")
        {
            problems.Add($"Subscription 'daily-only' is missing or its filter is not sys.Label = 'summary.daily' (it is '{Filter("daily-only")}').");
        }

        if (Filter("reminders") != "sys.Label = 'submission.overdue'")
        {
            problems.Add($"Subscription 'reminders' is missing or its filter is not sys.Label = 'submission.overdue' (it is '{Filter("reminders")}').");
        }

        var rules = root.OfType("Microsoft.ServiceBus/namespaces/topics/subscriptions/rules").ToList();
        var replacesDefault = rules.Any(r => ((string)r.Json["name"]!).EndsWith("'$Default')]", StringComparison.Ordinal)
            && r.GetString("properties.filterType") == "SqlFilter"
            && r.GetString("properties.sqlFilter.sqlExpression") == "[parameters('subscriptions')[copyIndex()].sqlFilter]"
            && ((string?)r.Json["condition"])?.Contains("sqlFilter", StringComparison.Ordinal) == true);
        if (!replacesDefault)
        {
            problems.Add("A subscription's SQL filter does not replace its '$Default' (accept-all) rule.");
        }

        var namespaces = root.OfType("Microsoft.ServiceBus/namespaces").ToList();
        if (namespaces.Count != 1 || namespaces[0].Module != ServiceBusNamespaceModule
            || (string?)namespaces[0].Scope.Deployment?["condition"] != "[variables('createServiceBus')]")
        {
            problems.Add($"The namespace is not created by '{ServiceBusNamespaceModule}' only when no existing namespace is given.");
        }
        else
        {
            Expect(problems, namespaces[0], "sku.name", "Standard");
        }

        return problems;
    }

    public static List<string> DataAccount(ArmScope root, IEnumerable<string> appContainers)
    {
        var problems = new List<string>();
        var blobServices = root.OfType("Microsoft.Storage/storageAccounts/blobServices").Where(b => b.Module == DataStorageModule).ToList();
        if (blobServices.Count != 1)
        {
            problems.Add("The data account has no blob service settings.");
            return problems;
        }

        Expect(problems, blobServices[0], "properties.staticWebsite.enabled", PublicReportWebsite(root));
        // The report's pages link relatively (reports/index.html to latest/index.html), so every folder serves its own
        // index.html: /reports/ lists the periods, /reports/latest/ is the newest report.
        Expect(problems, blobServices[0], "properties.staticWebsite.indexDocument", "index.html");
        var containers = DataContainers(root);
        foreach (var missing in appContainers.Except(containers))
        {
            problems.Add($"The data account does not create the app's container '{missing}'.");
        }

        return problems;
    }

    /// <summary>The blob containers the data-storage module creates.</summary>
    public static IReadOnlyList<string> DataContainers(ArmScope root) =>
        root.ModuleNamed(DataStorageModule).Resolve(JsonValue.Create("[parameters('containerNames')]")) is JsonArray names
            ? names.Select(n => root.ResolveString(n)).OfType<string>().ToList()
            : [];

    private static Principal PrincipalOf(string expression) =>
        expression.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities'", StringComparison.Ordinal) && expression.EndsWith(").principalId]", StringComparison.Ordinal)
            ? Principal.AppIdentity
            : expression.Contains("'Microsoft.EventGrid/systemTopics'", StringComparison.Ordinal) && expression.EndsWith(".identity.principalId]", StringComparison.Ordinal)
                ? Principal.EventGridSystemTopic
                : Principal.Other;

    internal static void Expect<T>(List<string> problems, ArmResource resource, string path, T expected)
    {
        var actual = resource.Get(path);
        if (!JsonNode.DeepEquals(actual, JsonValue.Create(expected)))
        {
            problems.Add($"{resource.Type} in '{resource.Module}': {path} is {actual?.ToJsonString() ?? "missing"}, expected {JsonValue.Create(expected)!.ToJsonString()}.");
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Strings(p.Value).Prepend(p.Key)),
        JsonArray array => array.SelectMany(Strings),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    /// <summary>The first argument of the call whose '(' is at <paramref name="open"/>.</summary>
    private static string FirstArgument(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0 || (depth == 1 && text[i] == ','))
            {
                return text[(open + 1)..i];
            }
        }

        return text[(open + 1)..];
    }

    /// <summary>ARM's list* functions (listKeys, listAccountSas, listConnectionStrings, …), any case.</summary>
    [GeneratedRegex(@"\b(list[A-Za-z]*)\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListCall();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}
