using Pipeline.Core.Model;

namespace Pipeline.Core.Ingest;

/// <summary>
/// A part of a file that a later upload had already stated: a whole slice (roster, counts) or, for a ticket export,
/// <see cref="Tickets"/> of its tickets in that slice. <see cref="By"/> names the later upload as the file's own
/// office may see it.
/// </summary>
public sealed record Supersession(SliceKey Slice, string By, int Tickets = 0);
