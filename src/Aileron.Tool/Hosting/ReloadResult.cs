namespace Aileron.Hosting;

/// <summary>What a config reload did: applied (with its listener changes) or rejected (and why; the old config keeps serving).</summary>
/// <param name="Rejection">Why the new config was not applied; null when it was.</param>
/// <param name="Bound">Addresses newly listened on.</param>
/// <param name="Unbound">Addresses drained and closed because the config no longer has them.</param>
/// <param name="RestartNeeded">Changed fields that only take effect when the process restarts, e.g. <c>keepAliveTimeout (HTTPServer default/default)</c>.</param>
internal sealed record ReloadResult(
    string? Rejection,
    IReadOnlyList<string> Bound,
    IReadOnlyList<string> Unbound,
    IReadOnlyList<string> RestartNeeded)
{
    public bool Applied => Rejection is null;

    public static ReloadResult Rejected(string why) => new(why, [], [], []);
}
