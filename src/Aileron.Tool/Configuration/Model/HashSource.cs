namespace Aileron.Configuration.Model;

/// <summary>What a hash algorithm hashes to pick an upstream.</summary>
internal enum HashSource
{
    ClientAddr,
    Header,
    Cookie,
    Query,
    PathParam,
}
