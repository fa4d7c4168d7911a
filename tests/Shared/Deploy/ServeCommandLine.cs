using System.Net;
using Aileron.Configuration.Model;

namespace Aileron.Tests.Deploy;

/// <summary>An <c>aileron</c> command line from a manifest or the Dockerfile, read by aileron's own parser.</summary>
internal sealed record ServeCommandLine(IReadOnlyList<string> Args, IReadOnlyList<string> Files, ListenAddress? Admin)
{
    public static ServeCommandLine Parse(IReadOnlyList<string> args)
    {
        var parse = Program.BuildRoot(TextWriter.Null, TextWriter.Null).Parse([.. args]);
        Assert.True(parse.Errors.Count == 0, $"aileron {string.Join(' ', args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        Assert.Equal("serve", parse.CommandResult.Command.Name);
        return new ServeCommandLine(args, parse.GetValue<string[]>("--file") ?? [], parse.GetValue<ListenAddress?>("--admin"));
    }

    /// <summary>True for <c>:PORT</c>, <c>0.0.0.0:PORT</c> and <c>[::]:PORT</c>: reachable from outside the container.</summary>
    public static bool ListensOnEveryInterface(ListenAddress address) =>
        address.IsAnyInterface || IPAddress.Any.Equals(address.Address) || IPAddress.IPv6Any.Equals(address.Address);
}
