using Aileron.Tests.TestSupport.Grpc;
using Grpc.Core;

namespace Aileron.Tests.TestSupport;

/// <summary>The gRPC service behind the proxy in the gRPC tests: each kind of call, and a failure carrying trailers.</summary>
internal sealed class EchoService : Echo.EchoBase
{
    public override Task<EchoReply> Say(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoReply { Text = $"echo: {request.Text}" });

    public override async Task Count(CountRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        for (var i = 1; i <= request.To; i++)
        {
            await responseStream.WriteAsync(new EchoReply { Text = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        context.ResponseTrailers.Add("x-counted", request.To.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override async Task Chat(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(new EchoReply { Text = $"re: {message.Text}" });
        }
    }

    public override Task<EchoReply> Fail(EchoRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.FailedPrecondition, $"refused: {request.Text}"), new global::Grpc.Core.Metadata { { "x-reason", "test" } });
}
