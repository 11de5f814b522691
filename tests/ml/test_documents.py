import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from ml.documents import unit_rows


def test_unit_rows_matches_scikit_learns_normalize_and_leaves_empty_rows_empty():
    dense = np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0], [1.0, -2.0, 2.0]])
    assert np.allclose(unit_rows(dense), normalize(dense))
    sparse = sp.csr_matrix(dense)
    expected = normalize(sparse).toarray()
    result = unit_rows(sparse)
    assert sp.issparse(result)
    assert np.allclose(result.toarray(), expected)
    assert np.allclose(result.toarray()[1], 0.0)
