namespace Pipeline.Core.Submissions;

/// <summary>
/// A message about the cycle for a notifier on the summaries topic (a reminder, a return): its deterministic
/// MessageId makes a repeat of the same notice a duplicate the topic drops.
/// </summary>
public sealed record Notice(string MessageId, string Subject, string Body, string ContentType, IReadOnlyDictionary<string, object> Properties);
