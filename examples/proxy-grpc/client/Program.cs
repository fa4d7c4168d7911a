using Grpc.Core;
using Grpc.Net.Client;
using ProxyGrpc;

// Calls the example's Greeter through the proxy (h2c: HTTP/2 with prior knowledge on http://):
// a unary call, a server-streaming call with a trailer, a bidirectional call, and a failing call.
//   dotnet run --project examples/proxy-grpc/client [-- http://localhost:50000]
var address = args.Length > 0 ? args[0] : "http://localhost:50000";
using var channel = GrpcChannel.ForAddress(address);
var client = new Greeter.GreeterClient(channel);

var reply = await client.SayHelloAsync(new HelloRequest { Name = "aileron" });
Console.WriteLine($"unary:            {reply.Message}");

using (var counting = client.CountUp(new CountRequest { To = 3 }))
{
    await foreach (var message in counting.ResponseStream.ReadAllAsync())
    {
        Console.WriteLine($"server streaming: {message.Message}");
    }

    Console.WriteLine($"trailer:          x-counted={counting.GetTrailers().GetValue("x-counted")}");
}

using (var chat = client.Chat())
{
    foreach (var word in (string[])["ping", "pong"])
    {
        await chat.RequestStream.WriteAsync(new HelloRequest { Name = word });
        await chat.ResponseStream.MoveNext(CancellationToken.None);
        Console.WriteLine($"bidi streaming:   {chat.ResponseStream.Current.Message}");
    }

    await chat.RequestStream.CompleteAsync();
}

try
{
    await client.FailAsync(new HelloRequest { Name = "nobody" });
}
catch (RpcException e)
{
    Console.WriteLine($"failing call:     {e.StatusCode} \"{e.Status.Detail}\" x-reason={e.Trailers.GetValue("x-reason")}");
}
