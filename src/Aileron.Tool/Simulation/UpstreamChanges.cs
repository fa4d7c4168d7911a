using System.Globalization;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;

namespace Aileron.Simulation;

/// <summary>
/// Reads <c>--remove URL|INDEX</c> and <c>--add N</c> against a load balancer into an
/// <see cref="UpstreamChange"/>. Removed upstreams go down as a failing health check takes them
/// down, the event consistent hashing exists for; added ones are appended to the config.
/// </summary>
internal static class UpstreamChanges
{
    /// <summary>Names of the upstreams <c>--add</c> creates: http://upstream-K, K after the existing ones.</summary>
    public const string AddedUrlPrefix = "http://upstream-";

    /// <summary>The change, null when there is none; or a one-line error.</summary>
    public static UpstreamChange? Apply(LoadBalancerSpec spec, IReadOnlyList<string> remove, int add, out string? error)
    {
        error = null;
        if (remove.Count == 0 && add == 0)
        {
            return null;
        }

        var upstreams = spec.Upstreams.ToList();
        var down = new List<int>();
        foreach (var target in remove)
        {
            var index = Find(upstreams, target, out error);
            if (index < 0)
            {
                return null;
            }

            if (upstreams[index].IsDisabled || down.Contains(index))
            {
                error = $"--remove {target}: {upstreams[index].Url} is already out ({(down.Contains(index) ? "removed twice" : "disabled: weight -1")})";
                return null;
            }

            down.Add(index);
        }

        var urls = upstreams.Select(u => u.Url).ToHashSet(StringComparer.Ordinal);
        for (int added = 0, k = spec.Upstreams.Count + 1; added < add; k++)
        {
            var url = AddedUrlPrefix + k.ToString(CultureInfo.InvariantCulture);
            if (urls.Add(url))
            {
                upstreams.Add(new UpstreamSpec { Url = url, Weight = 1 });
                added++;
            }
        }

        if (upstreams.Where((u, i) => !u.IsDisabled && !down.Contains(i)).Any())
        {
            return new UpstreamChange(spec with { Upstreams = upstreams }, down, Describe(upstreams, down, add));
        }

        error = "--remove would leave no upstream to pick from: keep at least one, or --add some";
        return null;
    }

    /// <summary>
    /// Each change of the command line on its own, when it makes several: every --remove target
    /// alone and --add alone, so a report can show what each one moves. Empty for one change or none;
    /// a step that would be invalid alone (removing the only upstream) is left out.
    /// </summary>
    public static IReadOnlyList<UpstreamChange> Steps(LoadBalancerSpec spec, IReadOnlyList<string> remove, int add)
    {
        if (remove.Count + (add > 0 ? 1 : 0) < 2)
        {
            return [];
        }

        var steps = remove.Select(target => Apply(spec, [target], 0, out _)).OfType<UpstreamChange>().ToList();
        if (add > 0 && Apply(spec, [], add, out _) is { } added)
        {
            steps.Add(added);
        }

        return steps;
    }

    private static string Describe(List<UpstreamSpec> upstreams, List<int> down, int add)
    {
        var parts = down.Select(i => "remove " + upstreams[i].Url).ToList();
        if (add > 0)
        {
            parts.Add($"add {add.ToString(CultureInfo.InvariantCulture)} upstream{(add == 1 ? string.Empty : "s")}");
        }

        return string.Join(", ", parts);
    }

    private static int Find(List<UpstreamSpec> upstreams, string target, out string? error)
    {
        error = null;
        if (int.TryParse(target, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position))
        {
            if (position >= 1 && position <= upstreams.Count)
            {
                return position - 1;
            }

            error = $"--remove {target}: there are {upstreams.Count} upstreams: give an index from 1 to {upstreams.Count}, or a URL";
            return -1;
        }

        var index = upstreams.FindIndex(u => string.Equals(u.Url, target, StringComparison.Ordinal));
        if (index < 0)
        {
            index = upstreams.FindIndex(u => string.Equals(u.Url.TrimEnd('/'), target.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
        }

        if (index < 0)
        {
            var closest = NameSuggester.Closest(target, upstreams.Select(u => u.Url));
            error = $"--remove {target}: no such upstream{(closest is null ? string.Empty : $"; did you mean {closest}?")} "
                + "(give a URL of the load balancer or its index from 1)";
        }

        return index;
    }
}
