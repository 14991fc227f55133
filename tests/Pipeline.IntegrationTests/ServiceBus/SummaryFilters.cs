using Pipeline.Core.Summary;
using Pipeline.Testing.ServiceBus;

namespace Pipeline.IntegrationTests.ServiceBus;

/// <summary>
/// Subscriptions as a subscriber of one schema version writes them while v2 and v3 are both published: a filter on the
/// message's <c>schema</c> property (in Azure, a SQL filter <c>schema = 'governance-summary/v2'</c>).
/// </summary>
public static class SummaryFilters
{
    public static SubscriptionFilter V2 { get; } = Schema(SummaryDocument.SchemaName);

    public static SubscriptionFilter V3 { get; } = Schema(FiguresSummary.SchemaName);

    public static SubscriptionFilter Schema(string schema, string? subject = null) =>
        new(subject, new Dictionary<string, object> { ["schema"] = schema });
}
