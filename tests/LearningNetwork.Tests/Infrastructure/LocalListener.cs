using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LearningNetwork.Tests.Infrastructure;

/// <summary>
/// A TCP listener on a loopback address that counts every connection it accepts: the witness that the app connected
/// (or did not). With a responder it also reads the request head and answers raw HTTP/1.1; without one it closes each
/// connection at once (so a TLS client fails fast instead of waiting for a handshake).
/// </summary>
public sealed class LocalListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string, Stream, CancellationToken, Task>? _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    public LocalListener(IPAddress address, Func<string, Stream, CancellationToken, Task>? respond = null)
    {
        _respond = respond;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Authority = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{Port}" : $"{address}:{Port}";
        _loop = AcceptAsync();
    }

    public int Port { get; }
    /// <summary>host:port as written in a URL.</summary>
    public string Authority { get; }
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The number of connections once the accept loop has caught up with the queue.</summary>
    public async Task<int> ConnectionsSettledAsync()
    {
        await Task.Delay(300);
        return Connections;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            if (_respond is null) return;
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var one = new byte[1];
                while (head.Length < 16384 && !head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                {
                    if (await stream.ReadAsync(one, _stop.Token) == 0) return;
                    head.Append((char)one[0]);
                }
                var path = head.ToString().Split(' ', 3) is { Length: 3 } parts ? parts[1] : "/";
                await _respond(path, stream, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the client went away (as it should, past a limit)
            }
        }
    }

    /// <summary>Writes a whole response with Connection: close.</summary>
    public static async Task AnswerAsync(Stream stream, string status, string? contentType, string body, CancellationToken ct, params string[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder($"HTTP/1.1 {status}\r\n");
        if (contentType is not null) head.Append($"Content-Type: {contentType}\r\n");
        foreach (var h in headers) head.Append(h).Append("\r\n");
        head.Append($"Content-Length: {bytes.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
        await stream.WriteAsync(bytes, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
