using System.Net.Sockets;
using Aileron.Configuration.Model;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aileron.Hosting.Listening;

/// <summary>How the proxy's servers and the admin listener bind a <see cref="ListenAddress"/>, and say why they could not.</summary>
internal static class KestrelListen
{
    /// <summary>
    /// Every interface (IPv6 and IPv4) for <c>:PORT</c>, both loopbacks for <c>localhost</c>, a unix
    /// socket's path or abstract name (<c>@name</c>), else the one address.
    /// </summary>
    public static void On(KestrelServerOptions options, ListenAddress listen, Action<ListenOptions> configure)
    {
        if (listen.UnixPath is { } path)
        {
            // Kestrel's ListenUnixSocket takes only absolute paths; a Linux abstract name starts with NUL.
            options.Listen(new UnixDomainSocketEndPoint(path.StartsWith('@') ? "\0" + path[1..] : path), configure);
        }
        else if (listen.IsAnyInterface)
        {
            options.ListenAnyIP(listen.Port, configure);
        }
        else if (listen.IsLocalhost)
        {
            options.ListenLocalhost(listen.Port, configure);
        }
        else
        {
            options.Listen(listen.Address!, listen.Port, configure);
        }
    }

    /// <summary>True for the exceptions Kestrel throws when it cannot bind.</summary>
    public static bool IsBindFailure(Exception e) => e is IOException or AddressInUseException or System.Net.Sockets.SocketException;

    /// <summary>One line: <c>cannot listen on ADDR (WHAT): address already in use</c>.</summary>
    public static ListenException Failure(Exception e, string addr, string what)
    {
        var inUse = e is AddressInUseException || e.InnerException is AddressInUseException
            || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase);
        var cause = inUse ? "address already in use" : (e.InnerException ?? e).Message.TrimEnd('.');
        return new ListenException($"cannot listen on {addr} ({what}): {cause}", e);
    }
}
