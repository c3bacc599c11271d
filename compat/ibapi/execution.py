"""Execution, ExecutionFilter and the option exercise types."""

from ibwire.model import Execution, ExecutionFilter, OptionExerciseType  # noqa: F401
from ibwire.model import decimalMaxString, floatMaxString, intMaxString, longMaxString  # noqa: F401
from ibwire.model.const import UNSET_DECIMAL, UNSET_INTEGER  # noqa: F401

from .object_implem import Object  # noqa: F401
from .utils import getEnumTypeName  # noqa: F401
from enum import Enum  # noqa: F401,E402
