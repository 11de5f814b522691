import subprocess
import sys


def test_ml_imports_without_django():
    code = "import sys, ml, ml.cli; assert 'django' not in sys.modules, 'ml imported Django'"
    subprocess.run([sys.executable, "-c", code], check=True)
