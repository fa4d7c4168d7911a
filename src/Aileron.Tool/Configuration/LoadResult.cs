using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;

namespace Aileron.Configuration;

/// <summary>What loading produced: the config when there were no errors, and every diagnostic.</summary>
internal sealed record LoadResult(ProxyConfig? Config, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
