"""Tests of importing modules on first use (ascc_analysis.validation.deferred)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from ascc_analysis.validation.deferred import DeferredModule, defer_imports


def run_python(code: str) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON object, returned."""
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_great_expectations_imports_without_loading_the_deferred_modules():
    seen = run_python("""
        import json, os, sys
        os.environ["GX_ANALYTICS_ENABLED"] = "false"
        from ascc_analysis.validation.deferred import DEFERRED_MODULES, defer_imports
        deferred = defer_imports()
        import great_expectations
        loaded = [name for name in ("scipy.stats._stats_py", "altair.vegalite") if name in sys.modules]
        print(json.dumps({"deferred": deferred, "names": list(DEFERRED_MODULES), "loaded": loaded}))
    """)

    assert seen["deferred"] == seen["names"]
    assert seen["loaded"] == []


def test_a_deferred_module_is_imported_on_first_use_and_replaces_its_stand_in():
    seen = run_python("""
        import json, sys
        from ascc_analysis.validation.deferred import DeferredModule, defer_imports
        defer_imports(("scipy.stats", "json.tool"))
        from scipy import stats
        import json.tool as tool
        before = [isinstance(sys.modules[name], DeferredModule) for name in ("scipy.stats", "json.tool")]
        entropy = float(stats.entropy([0.5, 0.5]))
        after = [isinstance(sys.modules[name], DeferredModule) for name in ("scipy.stats", "json.tool")]
        import scipy
        print(json.dumps({"before": before, "after": after, "entropy": round(entropy, 6), "main": callable(tool.main),
                          "parent": scipy.stats is sys.modules["scipy.stats"]}))
    """)

    assert seen == {"before": [True, True], "after": [False, True], "entropy": 0.693147, "main": True,
                    "parent": True}


def test_modules_already_imported_or_not_installed_are_left_alone():
    assert defer_imports(("json", "no_such_module_here", "json.no_such_part")) == []
    assert not isinstance(sys.modules["json"], DeferredModule)
