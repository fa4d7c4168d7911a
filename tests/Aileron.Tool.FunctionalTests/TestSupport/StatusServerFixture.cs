namespace Aileron.Tests.TestSupport;

/// <summary>One <see cref="TestHttpServer.StartStatusServerAsync"/> server shared by a test class.</summary>
public sealed class StatusServerFixture : IAsyncLifetime
{
    private TestHttpServer? _server;

    internal TestHttpServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await TestHttpServer.StartStatusServerAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
