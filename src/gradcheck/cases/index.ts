// Every op's check cases. Importing this module registers them all (see ../cases.ts).
import './relu';
import './sigmoid';
import './add';
import './mul';
import './sum';
import './mean';
import './concat';
import './log_softmax';
import './cross_entropy';
import './conv2d';
import './linear';
import './batch_norm2d';
import './batch_norm_relu2d';
import './add_relu';
import './max_pool2d';
import './avg_pool2d';
import './global_avg_pool2d';
import './shortcut_a';
import './dropout';
import './mssar';
import './mssar_add_relu';
// Shape, indexing and linear algebra ops (docs/tensors.md).
import './matmul';
import './permute';
import './expand';
import './slice';
import './softmax';
import './shape';
import './index_select';
import './layer_norm';
import './nll_loss';

// The tensor API's elementwise ops and reductions.
import './binary';
import './unary';
import './where';
import './extremum';
import './variance';

export { allSpecs } from '../cases';
