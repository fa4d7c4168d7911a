using System.Net;
using System.Net.Sockets;
using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Patterns;
using Microsoft.AspNetCore.Http;

namespace Aileron.Routing;

/// <summary>
/// Reads and hashes the request key a <c>hasher</c> names: the client IP (not IP:port, so a client
/// keeps its upstream across connections), a header, a cookie, a query parameter or a path
/// parameter. A request without the key (or with an empty one) yields the key its
/// <c>missingKey</c> policy names: the hash of the empty key, as AILERON, or none (a random pick).
/// </summary>
internal sealed class KeyExtractor(HashSource source, string key, MissingKey missingKey = MissingKey.HashEmpty)
{
    private readonly RequestKey _missing = RequestKey.Missing(missingKey);

    public static KeyExtractor Create(HasherSpec? hasher) =>
        new(hasher?.HashSource ?? HashSource.ClientAddr, hasher?.Key ?? string.Empty, hasher?.MissingKey ?? MissingKey.HashEmpty);

    public MissingKey MissingKey => missingKey;

    public HashSource Source => source;

    public string Key => key;

    public RequestKey Extract(HttpContext context, in PathParameters parameters)
    {
        switch (source)
        {
            case HashSource.ClientAddr:
                return context.Connection.RemoteIpAddress is { } address ? FromAddress(address) : _missing;
            case HashSource.Header:
                // The first value, as AILERON's Header.Get reads it.
                var header = context.Request.Headers[key];
                return header.Count == 0 ? _missing : FromText(header[0]);
            case HashSource.Cookie:
                return FromText(context.Request.Cookies[key]);
            case HashSource.Query:
                // The first value, as AILERON's Query().Get reads it.
                var query = context.Request.Query[key];
                return query.Count == 0 ? _missing : FromText(query[0]);
            case HashSource.PathParam:
                return parameters.TryGet(key, out var value) && !value.IsEmpty ? RequestKey.From(value) : _missing;
            default:
                return _missing;
        }
    }

    /// <summary>Hashes an IP address's bytes; an IPv4-mapped IPv6 address hashes as its IPv4 form.</summary>
    public static RequestKey FromAddress(IPAddress? address)
    {
        if (address is null)
        {
            return RequestKey.None;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return RequestKey.None;
        }

        var span = bytes[..written];
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6)
        {
            span = span[12..];
        }

        return new RequestKey(KeyHasher.Hash(span), true);
    }

    private RequestKey FromText(string? text) =>
        string.IsNullOrEmpty(text) ? _missing : RequestKey.From(text);
}
