using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BrainRepo.Git.Tests.Infrastructure;

/// <summary>
/// A real smart-HTTP git server on 127.0.0.1: an <see cref="HttpListener"/> that checks HTTP basic
/// authentication (401 on a wrong token) and runs <c>git http-backend</c> as a CGI for each request.
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly string _projectRoot;
    private readonly string _token;
    private HttpListener? _listener;
    private Task? _loop;

    public GitHttpServer(string projectRoot, string token)
    {
        _projectRoot = projectRoot;
        _token = token;
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    public int UnauthorizedCount { get; private set; }

    public string Url(string repository) => $"http://127.0.0.1:{Port}/{repository}";

    /// <summary>Serves <paramref name="name"/> under the project root as a fresh bare repository that accepts pushes.</summary>
    public string CreateRepository(string name)
    {
        var path = Path.Combine(_projectRoot, name);
        TestGit.InitBare(path);
        TestGit.Run(null, "--git-dir=" + path, "config", "http.receivepack", "true");
        return path;
    }

    public void Start()
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        _listener = listener;
        _loop = Task.Run(() => AcceptLoopAsync(listener));
    }

    public async Task StopAsync()
    {
        var listener = _listener;
        _listener = null;
        if (listener is null)
        {
            return;
        }

        try
        {
            listener.Stop();
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // The managed listener can report a stale endpoint on shutdown; the port is released anyway.
        }
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task AcceptLoopAsync(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private bool Authorized(HttpListenerRequest request, out string user)
    {
        user = string.Empty;
        var header = request.Headers["Authorization"];
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || decoded[(colon + 1)..] != _token)
        {
            return false;
        }

        user = decoded[..colon];
        return true;
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (!Authorized(context.Request, out var user))
            {
                UnauthorizedCount++;
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"brainrepo-test\"");
                response.Close();
                return;
            }

            await RunBackendAsync(context, user).ConfigureAwait(false);
        }
        catch (Exception)
        {
            try
            {
                response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private async Task RunBackendAsync(HttpListenerContext context, string user)
    {
        var request = context.Request;
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("http-backend");
        info.Environment["GIT_PROJECT_ROOT"] = _projectRoot;
        info.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        info.Environment["REQUEST_METHOD"] = request.HttpMethod;
        info.Environment["QUERY_STRING"] = request.Url!.Query.TrimStart('?');
        info.Environment["PATH_INFO"] = Uri.UnescapeDataString(request.Url.AbsolutePath);
        info.Environment["CONTENT_TYPE"] = request.ContentType ?? string.Empty;
        info.Environment["REMOTE_USER"] = user;
        info.Environment["REMOTE_ADDR"] = "127.0.0.1";
        info.Environment["GATEWAY_INTERFACE"] = "CGI/1.1";
        info.Environment["SERVER_PROTOCOL"] = "HTTP/1.1";
        if (request.ContentLength64 >= 0)
        {
            info.Environment["CONTENT_LENGTH"] = request.ContentLength64.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (request.Headers["Content-Encoding"] is { } encoding)
        {
            info.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        }

        if (request.Headers["Git-Protocol"] is { } protocol)
        {
            info.Environment["HTTP_GIT_PROTOCOL"] = protocol;
        }

        using var process = Process.Start(info)!;
        var feed = Task.Run(async () =>
        {
            await request.InputStream.CopyToAsync(process.StandardInput.BaseStream).ConfigureAwait(false);
            process.StandardInput.Close();
        });
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.BaseStream;

        var response = context.Response;
        var status = 200;
        foreach (var header in ReadCgiHeaders(output))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var name = header[..colon].Trim();
            var value = header[(colon + 1)..].Trim();
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                status = int.Parse(value.AsSpan(0, 3), System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentLength64 = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                response.AddHeader(name, value);
            }
        }

        response.StatusCode = status;
        if (response.ContentLength64 <= 0)
        {
            response.SendChunked = true;
        }

        await output.CopyToAsync(response.OutputStream).ConfigureAwait(false);
        await feed.ConfigureAwait(false);
        await errors.ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        response.Close();
    }

    private static List<string> ReadCgiHeaders(Stream output)
    {
        var headers = new List<string>();
        var line = new List<byte>();
        while (true)
        {
            var b = output.ReadByte();
            if (b < 0)
            {
                return headers;
            }

            if (b == '\n')
            {
                var text = Encoding.ASCII.GetString([.. line]).TrimEnd('\r');
                line.Clear();
                if (text.Length == 0)
                {
                    return headers;
                }

                headers.Add(text);
            }
            else
            {
                line.Add((byte)b);
            }
        }
    }
}
