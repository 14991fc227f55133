using System.Text.Json;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace Pipeline.FunctionsHost;

/// <summary>
/// The log levels of an app's <c>host.json</c> (<c>logging.logLevel</c>), by category prefix as the host matches
/// them: the longest matching prefix wins, else <c>default</c>.
/// </summary>
public sealed class HostLogLevels(IReadOnlyDictionary<string, RpcLog.Types.Level> levels)
{
    public static HostLogLevels Read(string appDirectory)
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "host.json")));
        var levels = new Dictionary<string, RpcLog.Types.Level>(StringComparer.OrdinalIgnoreCase);
        if (hostJson.RootElement.TryGetProperty("logging", out var logging) && logging.TryGetProperty("logLevel", out var logLevel))
        {
            foreach (var category in logLevel.EnumerateObject())
            {
                levels[category.Name] = Enum.Parse<RpcLog.Types.Level>(category.Value.GetString()!, ignoreCase: true);
            }
        }

        return new HostLogLevels(levels);
    }

    public RpcLog.Types.Level For(string category) =>
        levels.Where(l => !l.Key.Equals("default", StringComparison.OrdinalIgnoreCase)
                          && (category.Equals(l.Key, StringComparison.OrdinalIgnoreCase) || category.StartsWith(l.Key + ".", StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(l => l.Key.Length)
            .Select(l => (RpcLog.Types.Level?)l.Value)
            .FirstOrDefault()
        ?? levels.GetValueOrDefault("default", RpcLog.Types.Level.Information);

    /// <summary>Whether the host would keep <paramref name="log"/>: at or above its category's level.</summary>
    public bool Keeps(RpcLog log) => log.Level >= For(log.Category);
}
