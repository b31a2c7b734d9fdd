using System.Runtime.InteropServices;
using CasPortal.Web.FunctionalTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CasPortal.Web.FunctionalTests;

public class NativeHeapTrimTests
{
    [Fact]
    public void Native_memory_freed_inside_glibcs_heap_goes_back_to_the_system()
    {
        // 20 MB in 1 KB blocks: below malloc's mmap threshold, so they come from a heap. The last block stays allocated
        // so that the freed ones are not at the heap's top, which free() itself would already hand back.
        var blocks = new nint[20_001];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = Marshal.AllocHGlobal(1024);
        }

        try
        {
            for (var i = 0; i < blocks.Length - 1; i++)
            {
                Marshal.FreeHGlobal(blocks[i]);
            }

            Assert.True(NativeHeapTrimService.TrimNativeHeap());
        }
        finally
        {
            Marshal.FreeHGlobal(blocks[^1]);
        }
    }

    [Fact]
    public async Task The_portal_runs_the_trim_in_the_background()
    {
        await using var portal = new PortalFactory();

        Assert.Contains(portal.Services.GetServices<IHostedService>(), service => service is NativeHeapTrimService);
    }
}
