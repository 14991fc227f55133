namespace Pipeline.IntegrationTests.Functions;

/// <summary>
/// The blob trigger watches the one container its binding names, <c>uploads</c>, so the worker tests that drive it
/// share that container (and delete it when done): their classes run one after another, never side by side.
/// </summary>
[CollectionDefinition(nameof(TriggerContainerCollection))]
public sealed class TriggerContainerCollection;
