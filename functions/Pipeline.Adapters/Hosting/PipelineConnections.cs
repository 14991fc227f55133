namespace Pipeline.Adapters.Hosting;

/// <summary>The two services the app talks to, each read as the Functions runtime reads a named connection.</summary>
public sealed class PipelineConnections
{
    public const string StorageName = "Storage";
    public const string ServiceBusName = "ServiceBus";
    public const string BlobEndpoint = "blobServiceUri";
    public const string TableEndpoint = "tableServiceUri";
    public const string ServiceBusEndpoint = "fullyQualifiedNamespace";

    public ConnectionSettings Storage { get; set; } = ConnectionSettings.Missing(StorageName);

    public ConnectionSettings ServiceBus { get; set; } = ConnectionSettings.Missing(ServiceBusName);

    /// <summary>False for a process that only reads stored data (CLI verbs like <c>status</c>): Service Bus may be absent.</summary>
    public bool ServiceBusRequired { get; set; } = true;
}
