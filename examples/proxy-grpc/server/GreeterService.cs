using Grpc.Core;

namespace ProxyGrpc;

/// <summary>Answers each kind of call; <c>Fail</c> answers FAILED_PRECONDITION with a trailer.</summary>
internal sealed class GreeterService : Greeter.GreeterBase
{
    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(new HelloReply { Message = $"Hello {request.Name}" });

    public override async Task CountUp(CountRequest request, IServerStreamWriter<HelloReply> responseStream, ServerCallContext context)
    {
        for (var i = 1; i <= request.To; i++)
        {
            await responseStream.WriteAsync(new HelloReply { Message = $"{i}" });
        }

        context.ResponseTrailers.Add("x-counted", $"{request.To}");
    }

    public override async Task Chat(IAsyncStreamReader<HelloRequest> requestStream, IServerStreamWriter<HelloReply> responseStream, ServerCallContext context)
    {
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(new HelloReply { Message = $"you said {message.Name}" });
        }
    }

    public override Task<HelloReply> Fail(HelloRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.FailedPrecondition, $"no greeting for {request.Name}"), new Metadata { { "x-reason", "example" } });
}
