using System.Diagnostics;

namespace BrainRepo.Core.Tests.Support;

/// <summary>
/// Runs the real brainrepo executable as an unprivileged user. Tests of unreadable files need it:
/// root reads every file whatever its mode, and CI runs as root.
/// </summary>
public static class UnprivilegedCli
{
    public static bool IsRoot => Environment.UserName == "root";

    public static (int Exit, string Out, string Err) Run(TestWorkspace ws, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "brainrepo.dll");
        var psi = new ProcessStartInfo(IsRoot ? "setpriv" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (IsRoot)
        {
            Chown(ws.Root);
            foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "dotnet" })
            {
                psi.ArgumentList.Add(a);
            }
        }

        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["BRAINREPO_HOME"] = ws.Home;
        psi.Environment["HOME"] = ws.Root;
        psi.Environment["DOTNET_CLI_HOME"] = ws.Root;
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["CI"] = "true";
        psi.WorkingDirectory = ws.Workspace;
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, o.Result, e);
    }

    private static void Chown(string path)
    {
        using var p = Process.Start("chown", ["-R", "65534:65534", path])!;
        p.WaitForExit();
    }
}
